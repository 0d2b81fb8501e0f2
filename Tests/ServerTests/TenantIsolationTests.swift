import Foundation
import HTTPTypes
import HummingbirdTesting
import Server
import Testing

/// Tenants are hard partitions: a key sees its own tenant only; another tenant's sessions and items are 404.
@Suite struct TenantIsolationTests {
    static let alpha = "alpha-key-0123456789abcdef"
    static let bravo = "bravo-key-0123456789abcdef"
    static let keys = [alpha: "alpha", bravo: "bravo"]

    /// Alpha's session with events, an item, a fact and a goal with a step.
    static func seedAlpha(_ client: any TestClientProtocol) async throws {
        let events = #"{"events": [{"role": "user", "text": "SECRET-ALPHA the vault code is 4411."}, {"role": "user", "text": "SECRET-ALPHA my doctor is in Porto."}]}"#
        #expect(try await client.call(.post, sessionPath() + "/events", events, key: alpha).status == .created)
        #expect(try await client.call(.put, sessionPath() + "/facts/user/vault", #"{"value": "SECRET-ALPHA 4411"}"#, key: alpha).status == .ok)
        #expect(try await client.call(.post, sessionPath() + "/goals", #"{"title": "SECRET-ALPHA goal", "steps": ["SECRET-ALPHA step"]}"#, key: alpha).status == .created)
    }

    /// Everything alpha can read of its session, as text.
    static func alphaView(_ client: any TestClientProtocol) async throws -> String {
        var view = ""
        for path in ["", "/events", "/items", "/items/1", "/items/1/explain", "/facts", "/facts/user/vault/history", "/goals"] {
            view += try await client.call(.get, sessionPath() + path, key: alpha).text + "\n"
        }
        return view
    }

    /// Every route of the contract, with alpha's names and ids.
    static let attacks: [(HTTPRequest.Method, String, String?)] = [
        (.get, "", nil), (.delete, "?scope=everything", nil), (.delete, "?scope=working", nil),
        (.get, "/events", nil), (.get, "/events?after=0&limit=1000", nil),
        (.post, "/context", #"{"query": "vault code", "budget": 500}"#), (.post, "/search", #"{"query": "vault code"}"#),
        (.get, "/items", nil), (.get, "/items/1", nil), (.patch, "/items/1", #"{"pinned": true}"#),
        (.get, "/items/1/explain", nil), (.delete, "/items/1", nil), (.get, "/items/2", nil),
        (.get, "/facts", nil), (.get, "/facts/user/vault/history", nil), (.delete, "/facts/user/vault", nil),
        (.put, "/facts/user/vault", #"{"value": "overwritten"}"#),
        (.get, "/goals", nil), (.post, "/goals", #"{"title": "intruder goal"}"#), (.patch, "/goals/1/steps/1", #"{"status": "failed"}"#),
    ]

    @Test(arguments: TestBackend.allCases) func anotherTenantReadsNothingAndWritesNothingOnAnyRoute(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend, keys: Self.keys)
        try await t.test { client in
            try await Self.seedAlpha(client)
            let before = try await Self.alphaView(client)
            #expect(before.contains("SECRET-ALPHA"))

            // Bravo has no session of these names: every route is 404 and leaks nothing.
            for (method, suffix, body) in Self.attacks {
                let r = try await client.call(method, sessionPath() + suffix, body, key: Self.bravo)
                #expect(r.status == .notFound, "\(method) \(suffix): \(r)")
                #expect(!r.text.contains("SECRET"), "\(method) \(suffix) leaked: \(r)")
            }
            let list = try await client.call(.get, "/v1/sessions", key: Self.bravo)
            #expect(list.json.array("sessions").isEmpty, "\(list)")

            // Bravo makes its own session with the same names: it is another session, alpha's stays unseen.
            #expect(try await client.call(.post, sessionPath() + "/events", #"{"role": "user", "text": "bravo's own note"}"#, key: Self.bravo).status == .created)
            for (method, suffix, body) in Self.attacks {
                let r = try await client.call(method, sessionPath() + suffix, body, key: Self.bravo)
                #expect(!r.text.contains("SECRET"), "\(method) \(suffix) leaked: \(r)")
            }
            #expect(try await Self.alphaView(client) == before, "alpha's session changed")
        }
        #expect(try t.storedEvents(tenant: "alpha") == 2)
    }

    @Test(arguments: TestBackend.allCases) func aMissingOrWrongKeyIs401OnEveryRouteAndTheKeyIsNotEchoed(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend, keys: Self.keys)
        try await t.test { client in
            try await Self.seedAlpha(client)
            let guess = "alpha-key-0123456789abcdeX"
            for (method, suffix, body) in Self.attacks {
                let missing = try await client.call(method, sessionPath() + suffix, body)
                #expect(missing.status == .unauthorized, "\(method) \(suffix): \(missing)")
                #expect(missing.errorCode == "unauthorized")
                let wrong = try await client.call(method, sessionPath() + suffix, body, key: guess)
                #expect(wrong.status == .unauthorized, "\(method) \(suffix): \(wrong)")
                #expect(!wrong.text.contains(guess))
            }
            #expect(try await client.call(.get, "/v1/sessions").status == .unauthorized)
            #expect(try await client.call(.get, "/healthz").status == .ok)
        }
        #expect(try t.storedEvents(tenant: "alpha") == 2)
    }

    @Test(arguments: TestBackend.allCases) func aKeylessServerServesTheDefaultTenant(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        let reply = try await t.test { client in try await client.call(.post, sessionPath() + "/events", #"{"role": "user", "text": "hello"}"#) }
        #expect(reply.status == .created)
        #expect(try t.storedEvents(tenant: "default") == 1)
    }

    @Test func aKeylessServerRefusesANonLoopbackHost() throws {
        #expect(throws: ServerConfigurationError.self) { try ServerConfiguration(host: "0.0.0.0").validate() }
        #expect(throws: Never.self) { try ServerConfiguration(host: "127.0.0.1").validate() }
        #expect(throws: Never.self) { try ServerConfiguration(host: "0.0.0.0", keys: try TenantKeys(Self.keys)).validate() }
    }

    @Test func keysAreMatchedExactly() throws {
        let keys = try TenantKeys(Self.keys)
        #expect(keys.tenant(for: Substring(Self.alpha)) == "alpha")
        #expect(keys.tenant(for: Substring(Self.alpha + "x")) == nil)
        #expect(keys.tenant(for: Substring(String(Self.alpha.dropLast()))) == nil)
        #expect(keys.tenant(for: "") == nil)
        #expect(!keys.description.contains(Self.alpha))
    }
}
