import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LLM
import Logging
import OpenAIStandIn
import Server
import Testing
import WorkingMemory

/// A server with the memory proxy mounted in front of the OpenAI stand-in (on loopback), on a fresh in-memory
/// database, driven over a socket.
struct ProxyHarness {
    let standIn: StandInServer
    let store: MemoryStore
    let server: MemoryServer
    let proxy: MemoryProxy
    static let upstreamKey = "sk-upstream-0123456789abcdef"

    /// - Parameters:
    ///   - keys: the wm keys and their tenants (nil: one tenant, no keys).
    ///   - retries: the proxy's retries of a failed upstream call.
    static func start(keys: [String: String]? = nil, retries: Int = 0, budget: Int = 1024) async throws -> ProxyHarness {
        let standIn = try await StandInServer.start()
        let upstream = try LLMConfiguration(baseURL: standIn.baseURL, model: "echo", apiKey: try APIKey(upstreamKey),
                                            timeouts: LLMTimeouts(firstByte: 10, total: 30), retry: RetryPolicy(maxRetries: retries, initialDelay: 0.01))
        var logger = Logger(label: "wm.test")
        logger.logLevel = .critical
        let proxy = try MemoryProxy(configuration: ProxyConfiguration(upstream: upstream, defaultBudget: budget), logger: logger)
        let store = try MemoryStore.inMemory()
        let server = try MemoryServer(store: store, configuration: ServerConfiguration(
            keys: try keys.map { try TenantKeys($0) }, threads: 4,
            mount: { router, cache in proxy.mount(on: router, cache: cache, bodyLimit: 1 << 20) }), logger: logger)
        return ProxyHarness(standIn: standIn, store: store, server: server, proxy: proxy)
    }

    /// Runs `body` against the live server, then stops the proxy's client and the stand-in.
    func run<T: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        do {
            let result = try await server.application().test(.live, body)
            try await proxy.shutdown()
            await standIn.stop()
            return result
        } catch {
            try? await proxy.shutdown()
            await standIn.stop()
            throw error
        }
    }

    /// The events a session holds, read straight from the database: "role: text" each.
    func events(tenant: String = "default", _ user: String = "ana", _ agent: String = "app", _ session: String = "trip") throws -> [String] {
        let ns = try Namespace(tenant: tenant, user: user, agent: agent, session: session)
        guard try store.namespaces(tenant: tenant).contains(ns) else { return [] }
        return try MemorySession.begin(ns, in: store, .restored).events().map { "\($0.event.role.rawValue): \($0.event.text)" }
    }

    /// The messages of the n-th request the upstream received.
    func upstreamMessages(_ n: Int) throws -> [[String: Any]] {
        let requests = standIn.requests
        try #require(requests.count > n, "the upstream received \(requests.count) requests")
        let body = try #require(try JSONSerialization.jsonObject(with: Data(requests[n].body.utf8)) as? [String: Any])
        return body.array("messages")
    }
}

extension TestClientProtocol {
    /// `POST /v1/chat/completions` with a JSON body, the session header (unless nil) and, when given, a key.
    func chat(_ body: [String: Any], session: String? = "ana/app/trip", key: String? = nil,
              headers extra: HTTPFields = [:]) async throws -> Reply {
        var headers = extra
        if let session { headers[HTTPField.Name("X-WM-Session")!] = session }
        let data = try JSONSerialization.data(withJSONObject: body)
        return try await call(.post, "/v1/chat/completions", String(decoding: data, as: UTF8.self), key: key, headers: headers)
    }
}

/// A chat request body: an optional system message, then the messages given as (role, content) pairs.
func chatBody(system: String? = nil, _ messages: [(String, String)], stream: Bool = false, usage: Bool = false) -> [String: Any] {
    var all: [[String: Any]] = system.map { [["role": "system", "content": $0]] } ?? []
    all += messages.map { ["role": $0.0, "content": $0.1] }
    var body: [String: Any] = ["model": "echo", "messages": all]
    if stream { body["stream"] = true }
    if usage { body["stream_options"] = ["include_usage": true] }
    return body
}

/// The `data:` payloads of a server-sent event stream, in order.
func ssePayloads(_ text: String) -> [String] {
    text.components(separatedBy: "\n\n").compactMap { event in
        let lines = event.split(separator: "\n").filter { $0.hasPrefix("data: ") }.map { String($0.dropFirst(6)) }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }
}

/// The answer text of stream chunks: their `delta.content` pieces joined.
func streamedContent(_ payloads: [String]) -> String {
    payloads.compactMap { p -> String? in
        guard let o = try? JSONSerialization.jsonObject(with: Data(p.utf8)) as? [String: Any],
              let choice = (o["choices"] as? [[String: Any]])?.first else { return nil }
        return (choice["delta"] as? [String: Any])?["content"] as? String
    }.joined()
}
