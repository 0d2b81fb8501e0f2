import Foundation
import MCP
import Server
import Testing
import WorkingMemory

/// The sessions an endpoint serves, as a server's session cache would give them: one store, one session per
/// namespace, and a count of how often a session was asked for.
actor SessionShelf {
    let store: MemoryStore
    var sessions: [Namespace: MemorySession] = [:]
    private(set) var requests = 0

    init() throws { store = try MemoryStore.inMemory() }

    func session(_ namespace: Namespace) throws -> MemorySession {
        requests += 1
        if let s = sessions[namespace] { return s }
        let s = try MemorySession.begin(namespace, in: store, .restoredOrEmpty)
        sessions[namespace] = s
        return s
    }
}

/// `MCPHTTPEndpoint`: streamable HTTP, stateless, the namespace from `X-WM-*` headers inside the caller's tenant.
@Suite struct MCPHTTPEndpointTests {
    let shelf: SessionShelf
    let endpoint: MCPHTTPEndpoint

    init() throws {
        let shelf = try SessionShelf()
        self.shelf = shelf
        endpoint = MCPHTTPEndpoint { try await shelf.session($0) }
    }

    /// POSTs one JSON-RPC message as an MCP client does.
    func post(_ json: String, tenant: String = "acme", headers: [String: String] = [:], to endpoint: MCPHTTPEndpoint? = nil) async -> MCP.HTTPResponse {
        var h = ["Content-Type": "application/json", "Accept": "application/json, text/event-stream"]
        h.merge(headers) { _, new in new }
        return await (endpoint ?? self.endpoint).handle(MCP.HTTPRequest(method: "POST", headers: h, body: Data(json.utf8), path: "/mcp"), tenant: tenant)
    }

    /// A `tools/call` message.
    static func call(_ name: String, _ arguments: String, id: Int = 1) -> String {
        #"{"jsonrpc":"2.0","id":\#(id),"method":"tools/call","params":{"name":"\#(name)","arguments":\#(arguments)}}"#
    }

    /// The text of a `tools/call` answer.
    static func toolText(_ response: MCP.HTTPResponse) throws -> (text: String, isError: Bool) {
        let body = try jsonObject(String(decoding: try #require(response.bodyData), as: UTF8.self))
        let result = try #require(body["result"] as? [String: Any], "no result in \(body)")
        let text = (result["content"] as? [[String: Any]])?.compactMap { $0["text"] as? String }.joined() ?? ""
        return (text, result["isError"] as? Bool ?? false)
    }

    @Test func theSDKHTTPClientTransportInitializesListsAndCallsTools() async throws {
        let url = EndpointURLProtocol.mount(endpoint, tenant: "acme")
        let transport = HTTPClientTransport(endpoint: url, configuration: EndpointURLProtocol.configuration, streaming: false,
                                            requestModifier: { var r = $0; r.setValue("web", forHTTPHeaderField: "X-WM-Session"); return r })
        let client = Client(name: "http-test", version: "1.0")
        let initialized = try await client.connect(transport: transport)
        #expect(initialized.serverInfo.name == "working-memory")
        let (tools, _) = try await client.listTools()
        #expect(tools.count == 9)
        let (stored, failed) = try await client.callTool(name: "remember", arguments: ["text": "Ship the release on Thursday.", "pin": true])
        #expect(failed != true, "\(stored.text)")
        let (bad, badFailed) = try await client.callTool(name: "forget", arguments: ["item_id": 99])
        #expect(badFailed == true)
        #expect(bad.text == "forget: not found: item 99 in session acme:default/default/web; nothing was forgotten")
        let facts = try await client.readResource(uri: "memory://facts")
        #expect(facts.first?.text == #"{"facts":[]}"#)
        await client.disconnect()
        let web = try await shelf.session(try Namespace(tenant: "acme", session: "web"))
        #expect(web.items.map(\.text) == ["Ship the release on Thursday."])
    }

    @Test func theSessionHeadersChooseTheSession() async throws {
        let a = ["X-WM-User": "ana", "X-WM-Agent": "planner", "X-WM-Session": "a"]
        let stored = try Self.toolText(await post(Self.call("remember", #"{"text":"The gate code is 4411.","pin":true}"#), headers: a))
        #expect(!stored.isError, "\(stored.text)")
        let otherSession = try Self.toolText(await post(Self.call("recall", #"{"query":"gate code"}"#), headers: a.merging(["X-WM-Session": "b"]) { _, n in n }))
        #expect(otherSession.text == #"{"items":[]}"#)
        let same = try Self.toolText(await post(Self.call("recall", #"{"query":"gate code"}"#), headers: a))
        #expect(same.text.contains("4411"))
        let ana = try await shelf.session(try Namespace(tenant: "acme", user: "ana", agent: "planner", session: "a"))
        #expect(ana.items.count == 1)
    }

    @Test func anotherTenantDoesNotSeeTheSameNamedSession() async throws {
        _ = await post(Self.call("remember", #"{"text":"The acme launch date is 9 March.","pin":true}"#), tenant: "acme")
        let other = try Self.toolText(await post(Self.call("recall", #"{"query":"launch date"}"#), tenant: "globex"))
        #expect(other.text == #"{"items":[]}"#)
        let facts = try Self.toolText(await post(Self.call("explain", #"{"item_id":1}"#), tenant: "globex"))
        #expect(facts.isError)
        #expect(facts.text == "explain: not found: item 1 in session globex:default/default/default")
    }

    @Test func listingAndInitializingNeverOpenASession() async throws {
        let initialize = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#
        #expect(await post(initialize).statusCode == 200)
        #expect(await post(#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#).statusCode == 200)
        #expect(await post(#"{"jsonrpc":"2.0","id":3,"method":"resources/list"}"#).statusCode == 200)
        #expect(await shelf.requests == 0)
    }

    @Test func aNotificationIsAcceptedWithoutABody() async throws {
        let r = await post(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
        #expect(r.statusCode == 202)
        #expect(r.bodyData == nil)
    }

    @Test func getIsNotAllowedBecauseNothingIsStreamed() async throws {
        let r = await endpoint.handle(MCP.HTTPRequest(method: "GET", headers: ["Accept": "text/event-stream"]), tenant: "acme")
        #expect(r.statusCode == 405)
        #expect(r.headers["Allow"] == "POST")
    }

    @Test func anEmptySessionHeaderIsABadRequestNamingIt() async throws {
        let r = await post(Self.call("recall", #"{"query":"x"}"#), headers: ["X-WM-Session": " "])
        #expect(r.statusCode == 400)
        let body = String(decoding: try #require(r.bodyData), as: UTF8.self)
        #expect(body.contains("X-WM-Session"))
        #expect(body.contains("namespace session is empty"))
        #expect(await shelf.requests == 0)
    }

    @Test func aBodyThatIsNotJSONIsAParseError() async throws {
        let r = await post("remember this")
        #expect(r.statusCode == 400)
        #expect(String(decoding: try #require(r.bodyData), as: UTF8.self).contains("-32700"))
    }

    @Test func aWrongContentTypeIsUnsupported() async throws {
        let r = await post(Self.call("recall", #"{"query":"x"}"#), headers: ["Content-Type": "text/plain"])
        #expect(r.statusCode == 415)
    }

    @Test func aForeignHostIsRefusedByDefaultAndServedWhenAllowed() async throws {
        let message = Self.call("get_facts", "{}")
        #expect(await post(message, headers: ["Host": "evil.example:8080"]).statusCode == 421)
        let open = MCPHTTPEndpoint(origins: OriginValidator(allowedHosts: ["memory.example:8080"], allowedOrigins: [])) { [shelf] in
            try await shelf.session($0)
        }
        let r = await post(message, headers: ["Host": "memory.example:8080"], to: open)
        #expect(r.statusCode == 200)
        #expect(try Self.toolText(r).text == #"{"facts":[]}"#)
    }

    @Test func sameRequestIDsFromConcurrentClientsGetTheirOwnAnswers() async throws {
        // Every client numbers its requests from 1; a stateless endpoint must not mix their answers.
        let answers = await withTaskGroup(of: (Int, String).self) { group in
            for n in 0..<16 {
                group.addTask {
                    let r = await post(Self.call("remember", #"{"text":"Note number \#(n) for the record.","pin":true}"#, id: 1),
                                       headers: ["X-WM-Session": "s\(n)"])
                    return (n, (try? Self.toolText(r).text) ?? "")
                }
            }
            return await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
        }
        #expect(answers.count == 16)
        for n in 0..<16 {
            let session = try await shelf.session(try Namespace(tenant: "acme", session: "s\(n)"))
            #expect(session.items.map(\.text) == ["Note number \(n) for the record."])
            #expect(answers[n]?.contains(#""item_id":1"#) == true)
        }
    }
}
