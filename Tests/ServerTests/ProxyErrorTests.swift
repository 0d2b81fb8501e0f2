import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import OpenAIStandIn
import Server
import Testing
import WorkingMemory

/// The memory proxy's errors: OpenAI's shape, the provider's message kept, nothing stored.
@Suite struct ProxyErrorTests {
    /// `error.type`, `error.code` and `error.message` of an OpenAI-shaped error body.
    static func detail(_ reply: Reply) -> (type: String?, code: String?, message: String) {
        let e = reply.json.object("error")
        return (e.string("type"), e.string("code"), e.string("message") ?? "")
    }

    @Test func anUpstream500IsA502WithTheProvidersMessageAndStoresNothing() async throws {
        let h = try await ProxyHarness.start()
        h.standIn.enqueue(.json(status: 500, body: #"{"error":{"message":"the GPU fell over","type":"server_error"}}"#))
        let reply = try await h.run { client in try await client.chat(chatBody([("user", "My sister Ana lives in Porto.")])) }
        #expect(reply.status == .badGateway)
        let d = Self.detail(reply)
        #expect(d.type == "upstream_error")
        #expect(d.message.contains("HTTP 500") && d.message.contains("the GPU fell over"), "\(d.message)")
        #expect(try h.events().isEmpty)
    }

    @Test func anUpstream429IsPassedOnAsA429WhenStreamed() async throws {
        let h = try await ProxyHarness.start()
        h.standIn.enqueue(.json(status: 429, body: #"{"error":{"message":"Rate limit reached for requests","type":"requests","code":"rate_limit_exceeded"}}"#,
                                headers: ["retry-after": "0"]))
        let reply = try await h.run { client in try await client.chat(chatBody([("user", "Hello.")], stream: true)) }
        #expect(reply.status == .tooManyRequests, "\(reply)")
        let d = Self.detail(reply)
        #expect(d.code == "rate_limit_exceeded")
        #expect(d.message.contains("Rate limit reached for requests"))
        #expect(try h.events().isEmpty)
    }

    @Test func theProxyRetriesA429ThenAnswersAndStoresTheTurnOnce() async throws {
        let h = try await ProxyHarness.start(retries: 2)
        h.standIn.enqueue(.json(status: 429, body: #"{"error":{"message":"slow down"}}"#, headers: ["retry-after-ms": "10"]))
        let reply = try await h.run { client in try await client.chat(chatBody([("user", "Hello again.")])) }
        #expect(reply.status == .ok, "\(reply)")
        #expect(h.standIn.requests.count == 2)
        #expect(try h.events().filter { $0.hasPrefix("user: ") } == ["user: Hello again."])
    }

    @Test func anErrorMidStreamEndsTheStreamWithAnErrorEventAndStoresNothing() async throws {
        let h = try await ProxyHarness.start()
        let good = #"{"id":"s","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Half an ans"},"finish_reason":null}]}"#
        let bad = #"{"error":{"message":"the model crashed","type":"server_error"}}"#
        h.standIn.enqueue(.stream(pieces: [Array(StandInReply.events([good, bad], done: false).utf8)]))
        let reply = try await h.run { client in try await client.chat(chatBody([("user", "Tell me about Porto.")], stream: true)) }
        #expect(reply.status == .ok)
        let payloads = ssePayloads(reply.text)
        #expect(payloads.first == good)
        #expect(!payloads.contains("[DONE]"))
        let last = try #require(payloads.last.flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        #expect((last.object("error")["message"] as? String)?.contains("the model crashed") == true)
        #expect(try h.events().isEmpty)
    }

    @Test func aCallWithoutASessionIsA400SayingHowToNameOne() async throws {
        let h = try await ProxyHarness.start()
        let reply = try await h.run { client in try await client.chat(chatBody([("user", "Hi.")]), session: nil) }
        #expect(reply.status == .badRequest)
        #expect(Self.detail(reply).code == "missing_session")
        #expect(Self.detail(reply).message.contains("X-WM-Session: user/agent/session"))
        #expect(h.standIn.requests.isEmpty)
    }

    @Test(arguments: ["ana/app", "ana/app/trip/extra", "ana//trip", "ana/app/%ZZ", "ana/app/%07bell"])
    func aMalformedSessionHeaderIsA400(_ header: String) async throws {
        let h = try await ProxyHarness.start()
        let reply = try await h.run { client in try await client.chat(chatBody([("user", "Hi.")]), session: header) }
        #expect(reply.status == .badRequest, "\(reply)")
        #expect(Self.detail(reply).code == "bad_session")
        #expect(h.standIn.requests.isEmpty)
    }

    @Test func theUserFieldNamesTheSessionWhenThereIsNoHeader() async throws {
        let h = try await ProxyHarness.start()
        try await h.run { client in
            var body = chatBody([("user", "I am in Lisbon.")])
            body["user"] = "bo/app/trip"
            let first = try await client.chat(body, session: nil)
            body["user"] = "carla"
            let second = try await client.chat(body, session: nil)
            #expect(first.status == .ok && second.status == .ok)
        }
        #expect(try h.events("bo", "app", "trip").first == "user: I am in Lisbon.")
        #expect(try h.events("carla", "default", "default").first == "user: I am in Lisbon.")
    }

    @Test(arguments: ["0", "-5", "many", "2000000"])
    func aBadBudgetHeaderIsA400(_ budget: String) async throws {
        let h = try await ProxyHarness.start()
        let reply = try await h.run { client in
            try await client.chat(chatBody([("user", "Hi.")]), headers: [HTTPField.Name("X-WM-Budget")!: budget])
        }
        #expect(reply.status == .badRequest)
        #expect(Self.detail(reply).code == "bad_budget")
    }

    @Test(arguments: [
        (#"{"messages": "hi"}"#, "'messages' is missing or not an array"),
        (#"{"messages": [{"role": "system", "content": "Be brief."}]}"#, "holds no user message"),
        (#"{"messages": [{"role": "user", "content": "   "}]}"#, "has no text"),
        (#"{"messages": [{"role": "wizard", "content": "hi"}]}"#, "'messages[0].role' is 'wizard'"),
        (#"[1, 2]"#, "must be a JSON object"),
    ])
    func aRequestTheProxyCannotReadIsA400NamingWhatIsWrong(_ body: String, _ says: String) async throws {
        let h = try await ProxyHarness.start()
        let reply = try await h.run { client in
            try await client.call(.post, "/v1/chat/completions", body, headers: [HTTPField.Name("X-WM-Session")!: "ana/app/trip"])
        }
        #expect(reply.status == .badRequest)
        #expect(Self.detail(reply).type == "invalid_request_error")
        #expect(Self.detail(reply).message.contains(says), "\(reply)")
        #expect(try h.events().isEmpty)
    }

    @Test func withoutAnUpstreamTheProxyRoutesSayItIsOff() async throws {
        var logger = Logger(label: "wm.test")
        logger.logLevel = .critical
        let server = try MemoryServer(store: try MemoryStore.inMemory(), configuration: ServerConfiguration(
            threads: 2, mount: { router, _ in MemoryProxy.mountUnconfigured(on: router) }), logger: logger)
        try await server.application().test(.router) { client in
            let reply = try await client.chat(chatBody([("user", "Hi.")]))
            #expect(reply.status == .notFound)
            #expect(Self.detail(reply).code == "proxy_not_configured")
            #expect(Self.detail(reply).message.contains("WM_LLM_BASE_URL"))
            #expect(try await client.call(.get, "/v1/models").status == .notFound)
        }
    }
}
