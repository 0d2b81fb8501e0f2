import Foundation
import HTTPTypes
import Testing

/// Bad requests get a 4xx with `{"error": {"code", "message"}}` naming the problem, and store nothing.
@Suite struct ErrorResponseTests {
    /// Posts a bad body after one good event; returns the reply. The session must still hold one event.
    func refused(_ body: String, contentType: String? = "application/json", path: String = sessionPath() + "/events",
                 method: HTTPRequest.Method = .post, server: TestServer? = nil) async throws -> Reply {
        let t = try server ?? TestServer()
        let reply = try await t.test { client in
            _ = try await client.call(.post, sessionPath() + "/events", #"{"role": "user", "text": "The first event."}"#)
            return try await client.call(method, path, body, contentType: contentType)
        }
        #expect(try t.storedEvents() == 1, "a refused request stored something")
        #expect(reply.json.object("error")["message"] is String, "\(reply)")
        return reply
    }

    @Test func malformedJSONIsInvalidJSON() async throws {
        let r = try await refused(#"{"role": "user", "text": "#)
        #expect(r.status == .badRequest)
        #expect(r.errorCode == "invalid_json", "\(r)")
    }

    @Test func aWrongTypeNamesTheField() async throws {
        let r = try await refused(#"{"role": "user", "text": 42}"#)
        #expect(r.status == .badRequest)
        #expect(r.errorMessage.contains("text"), "\(r)")
    }

    @Test func anUnknownRoleIsRefused() async throws {
        let r = try await refused(#"{"role": "wizard", "text": "abracadabra"}"#)
        #expect(r.status == .badRequest)
        #expect(r.errorMessage.contains("wizard"), "\(r)")
    }

    @Test func anEmptyTextIsRefused() async throws {
        let r = try await refused(#"{"role": "user", "text": "   "}"#)
        #expect(r.status == .badRequest)
        #expect(r.errorMessage.contains("text"), "\(r)")
    }

    @Test func oneBadEventRefusesTheWholeBatch() async throws {
        let r = try await refused(#"{"events": [{"role": "user", "text": "fine"}, {"role": "user", "text": ""}]}"#)
        #expect(r.status == .badRequest)
        #expect(r.errorMessage.contains("events[1]"), "\(r)")
    }

    @Test func anUnknownFieldIsRefused() async throws {
        let r = try await refused(#"{"role": "user", "text": "hello", "colour": "red"}"#)
        #expect(r.status == .badRequest, "\(r)")
    }

    @Test func aNullIsRefusedAndNamedRatherThanTakenForAMissingField() async throws {
        let r = try await refused(#"{"events": [{"role": "user", "text": "fine", "time": null}]}"#)
        #expect(r.status == .badRequest)
        #expect(r.errorMessage.contains("events[0].time"), "\(r)")
    }

    @Test func aBlankOrControlCharacterNameIsRefused() async throws {
        for name in ["%20%20", "a%07b", "%E2%80%83"] {
            let r = try await refused(#"{"role": "user", "text": "hello"}"#, path: sessionPath(name) + "/events")
            #expect(r.status == .badRequest, "\(name): \(r)")
        }
    }

    @Test func aBudgetOfZeroOrAnAbsurdOneIsRefused() async throws {
        for budget in ["0", "-5", "10000000"] {
            let r = try await refused(#"{"query": "anything", "budget": \#(budget)}"#, path: sessionPath() + "/context")
            #expect(r.status == .badRequest, "\(budget): \(r)")
            #expect(r.errorMessage.contains("budget"), "\(r)")
        }
    }

    @Test(arguments: TestBackend.allCases) func aBodyOverTheLimitIs413(_ backend: TestBackend) async throws {
        let big = String(repeating: "word ", count: 1000)
        let r = try await refused(#"{"role": "user", "text": "\#(big)"}"#, server: try TestServer(backend: backend, bodyLimit: 2048))
        #expect(r.status == .contentTooLarge, "\(r)")
        #expect(r.errorCode == "payload_too_large")
    }

    @Test func aBodyThatIsNotJSONIs415() async throws {
        let r = try await refused("role=user&text=hello", contentType: "application/x-www-form-urlencoded")
        #expect(r.status == .unsupportedMediaType, "\(r)")
        #expect(r.errorCode == "unsupported_media_type")
    }

    @Test(arguments: TestBackend.allCases) func anUnknownSessionOrItemIs404(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        try await t.test { client in
            let session = try await client.call(.get, sessionPath("nobody", "app", "none"))
            #expect(session.status == .notFound)
            #expect(session.errorCode == "not_found")
            _ = try await client.call(.post, sessionPath() + "/events", #"{"role": "user", "text": "hi there"}"#)
            let item = try await client.call(.get, sessionPath() + "/items/99")
            #expect(item.status == .notFound, "\(item)")
            #expect(item.errorMessage.contains("99"))
        }
    }

    @Test(arguments: TestBackend.allCases) func anUnknownRouteIs404AndAWrongMethod405(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        try await t.test { client in
            let unknown = try await client.call(.get, "/v2/nothing")
            #expect(unknown.status == .notFound)
            #expect(unknown.errorCode == "not_found")
            let wrong = try await client.call(.post, "/healthz", "{}")
            #expect(wrong.status == .methodNotAllowed, "\(wrong)")
            #expect(wrong.headers[.allow] == "GET")
        }
    }

    @Test(arguments: TestBackend.allCases) func aNonNumericItemIdIsABadRequest(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        let r = try await t.test { client in try await client.call(.get, sessionPath() + "/items/abc") }
        #expect(r.status == .badRequest, "\(r)")
    }

    @Test(arguments: TestBackend.allCases) func everyResponseCarriesARequestID(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        let r = try await t.test { client in try await client.call(.get, "/healthz") }
        #expect(r.headers[.init("X-Request-ID")!]?.isEmpty == false)
    }
}
