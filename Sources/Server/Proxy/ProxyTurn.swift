import Foundation
import LLM
import WorkingMemory

/// What one proxied call stores once its answer is complete: the user message (when the call starts a turn) and
/// the answer's text, in one transaction, so a call is in the memory whole or not at all.
struct ProxyTurn: Sendable {
    let namespace: Namespace
    let cache: SessionCache
    let request: ProxyChatRequest
    /// When the user's message arrived (the answer is dated when it is complete).
    let asked = Date()

    init(namespace: Namespace, cache: SessionCache, request: ProxyChatRequest) {
        self.namespace = namespace
        self.cache = cache
        self.request = request
    }

    /// - Parameter answer: the upstream's answer; one that only calls tools stores no assistant text.
    func store(answer: ChatCompletion) async throws {
        var events: [MemoryEvent] = []
        if request.startsTurn { events.append(MemoryEvent(.user, request.userText, time: asked)) }
        let text = answer.content.trimmingCharacters(in: .whitespacesAndNewlines)
        if !text.isEmpty { events.append(MemoryEvent(.assistant, text, time: max(Date(), asked))) }
        if events.isEmpty { return }
        let batch = events
        let bytes = events.reduce(0) { $0 + SessionCache.estimatedBytes(text: $1.text) }
        _ = try await cache.withSession(namespace, create: true) { session in
            let receptions = try session.receive(contentsOf: batch)
            return ((), receptions.filter { $0.outcome == .admitted }.count, bytes)
        }
    }
}
