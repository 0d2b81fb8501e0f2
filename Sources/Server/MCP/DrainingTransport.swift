import Foundation
import Logging
import MCP

/// Wraps a transport so that the end of its input does not cut off the answers: the stream the server reads
/// finishes only when the wrapped one has finished *and* every request read has been answered.
///
/// The SDK's `Server` handles each request in a task of its own and stops reading at end of input, so a client
/// that writes its last request and closes stdin at once (`printf '...' | wm mcp`) would otherwise lose the
/// answer when the process exits.
public actor DrainingTransport: Transport {
    public nonisolated let logger: Logger
    let inner: any Transport
    /// Requests read whose answer has not been sent yet.
    var unanswered = 0
    var inputEnded = false
    var finish: (@Sendable () -> Void)?
    /// How long to wait for the last answers after end of input (a cancelled request is never answered).
    let grace: Duration

    /// - Parameters:
    ///   - inner: the transport that reads and writes the messages.
    ///   - logger: where to log (the inner transport's logger, typically).
    ///   - grace: how long to wait for unanswered requests after end of input.
    public init(_ inner: any Transport, logger: Logger, grace: Duration = .seconds(10)) {
        self.inner = inner
        self.grace = grace
        self.logger = logger
    }

    public func connect() async throws { try await inner.connect() }

    public func disconnect() async { await inner.disconnect() }

    public func send(_ data: Data) async throws {
        try await inner.send(data)
        if Self.isAnswer(data) {
            unanswered = max(0, unanswered - 1)
            finishIfDrained()
        }
    }

    public func receive() -> AsyncThrowingStream<Data, any Error> {
        let (stream, continuation) = AsyncThrowingStream<Data, any Error>.makeStream()
        finish = { continuation.finish() }
        let source = inner
        Task {
            do {
                for try await message in await source.receive() {
                    if Self.expectsAnswer(message) { self.expectAnswer() }
                    continuation.yield(message)
                }
            } catch {
                continuation.finish(throwing: error)
                return
            }
            self.endInput()
        }
        return stream
    }

    func expectAnswer() { unanswered += 1 }

    func endInput() {
        inputEnded = true
        if unanswered > 0 {
            logger.debug("end of input; answering \(unanswered) request(s) before stopping")
            let grace = grace
            Task {
                try? await Task.sleep(for: grace)
                self.giveUp()
            }
        }
        finishIfDrained()
    }

    func giveUp() {
        guard let finish else { return }
        logger.warning("\(unanswered) request(s) still unanswered \(grace) after end of input; stopping")
        finish()
        self.finish = nil
    }

    func finishIfDrained() {
        guard inputEnded, unanswered == 0 else { return }
        finish?()
        finish = nil
    }

    /// A message the server answers: a request (method and id), a batch, or something unreadable (answered
    /// with a parse error). Notifications and responses get no answer.
    static func expectsAnswer(_ data: Data) -> Bool {
        guard let json = try? JSONSerialization.jsonObject(with: data) else { return true }
        if let batch = json as? [Any] {
            return batch.contains { ($0 as? [String: Any])?["id"] != nil }
        }
        guard let object = json as? [String: Any] else { return true }
        if object["result"] != nil || object["error"] != nil { return false }
        return object["method"] == nil || object["id"] != nil
    }

    /// A message that answers a request: a response (result or error) or a batch of them.
    static func isAnswer(_ data: Data) -> Bool {
        guard let json = try? JSONSerialization.jsonObject(with: data) else { return false }
        if json is [Any] { return true }
        guard let object = json as? [String: Any] else { return false }
        return object["result"] != nil || object["error"] != nil
    }
}
