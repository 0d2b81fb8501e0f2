import Foundation
import Testing

/// `GET .../items`, `GET|PATCH|DELETE .../items/{item}`, `GET .../items/{item}/explain`.
@Suite struct ItemRouteTests {
    static let events = #"{"events": [{"role": "user", "text": "My sister Ana lives in Porto."}, {"role": "user", "text": "I play the cello on Sundays."}]}"#

    @Test(arguments: TestBackend.allCases) func itemsAreListedInAdmissionOrderWithTheirStrength(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        try await t.test { client in
            _ = try await client.call(.post, sessionPath() + "/events", Self.events)
            let r = try await client.call(.get, sessionPath() + "/items")
            #expect(r.status == .ok, "\(r)")
            let items = r.json.array("items")
            #expect(items.compactMap { $0.int("id") } == [1, 2])
            #expect(items.first?.string("text") == "My sister Ana lives in Porto.")
            #expect((items.first?["strength"] as? Double ?? 0) > 0)
        }
    }

    @Test(arguments: TestBackend.allCases) func patchPinsAndUnpinsAnItem(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        try await t.test { client in
            _ = try await client.call(.post, sessionPath() + "/events", Self.events)
            let pinned = try await client.call(.patch, sessionPath() + "/items/2", #"{"pinned": true}"#)
            #expect(pinned.status == .ok, "\(pinned)")
            #expect(pinned.json["pinned"] as? Bool == true)
            #expect(try await client.call(.get, sessionPath() + "/items/2").json["pinned"] as? Bool == true)
            let unpinned = try await client.call(.patch, sessionPath() + "/items/2", #"{"pinned": false}"#)
            #expect(unpinned.json["pinned"] as? Bool == false)
        }
    }

    @Test(arguments: TestBackend.allCases) func deleteRemovesTheItemAndExplainStillTellsItWasDeleted(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        try await t.test { client in
            _ = try await client.call(.post, sessionPath() + "/events", Self.events)
            #expect(try await client.call(.delete, sessionPath() + "/items/1").status == .noContent)
            #expect(try await client.call(.get, sessionPath() + "/items/1").status == .notFound)
            let explain = try await client.call(.get, sessionPath() + "/items/1/explain")
            #expect(explain.status == .ok, "\(explain)")
            #expect(explain.json["item"] == nil)
            #expect(explain.json.array("decisions").map { $0.string("outcome") ?? "" }.contains("deleted"))
            #expect(try await client.call(.delete, sessionPath() + "/items/1").status == .notFound)
        }
    }

    @Test(arguments: TestBackend.allCases) func explainListsTheInputGateDecisionWithItsFeatures(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        try await t.test { client in
            _ = try await client.call(.post, sessionPath() + "/events", Self.events)
            let r = try await client.call(.get, sessionPath() + "/items/1/explain")
            #expect(r.status == .ok, "\(r)")
            let first = try #require(r.json.array("decisions").first)
            #expect(first.string("gate") == "input")
            #expect(first.string("outcome") == "admitted")
            #expect(first.object("features")["salience"] != nil)
            #expect(r.json.object("forget")["strength"] != nil)
        }
    }
}
