import Foundation
import Testing

/// `PUT|GET|DELETE` a session and `GET /v1/sessions`.
@Suite struct SessionRouteTests {
    @Test(arguments: TestBackend.allCases) func putCreatesOnceThenAnswersOKWithTheGivenParameters(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        try await t.test { client in
            let created = try await client.call(.put, sessionPath(), #"{"parameters": {"admitThreshold": 0.6}}"#)
            #expect(created.status == .created, "\(created)")
            #expect(created.json.object("parameters")["admitThreshold"] as? Double == 0.6)
            let again = try await client.call(.put, sessionPath())
            #expect(again.status == .ok, "\(again)")
            #expect(again.json.object("parameters")["admitThreshold"] as? Double == 0.6)
        }
    }

    @Test(arguments: TestBackend.allCases) func aBadGateParameterIsRefusedAndNoSessionIsMade(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        try await t.test { client in
            let r = try await client.call(.put, sessionPath(), #"{"parameters": {"turnDecay": 2}}"#)
            #expect(r.status == .badRequest, "\(r)")
            #expect(r.errorMessage.contains("turnDecay"))
            #expect(try await client.call(.get, sessionPath()).status == .notFound)
        }
    }

    @Test(arguments: TestBackend.allCases) func getSummarisesCountsGoalsAndParameters(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        try await t.test { client in
            _ = try await client.call(.post, sessionPath() + "/events", #"{"events": [{"role": "user", "text": "I live in Lisbon."}, {"role": "user", "text": "Remember my passport number is X12.", "pin": true}]}"#)
            _ = try await client.call(.post, sessionPath() + "/goals", #"{"title": "Book the flight", "steps": ["compare prices"]}"#)
            let r = try await client.call(.get, sessionPath())
            #expect(r.status == .ok, "\(r)")
            #expect(r.json.int("events") == 2)
            #expect(r.json.int("items") == 2)
            #expect(r.json.int("pinned_items") == 1)
            #expect(r.json.array("open_goals").first?.string("title") == "Book the flight")
            #expect(r.json.object("parameters")["verbalBufferTokens"] != nil)
        }
    }

    @Test(arguments: TestBackend.allCases) func deleteWorkingKeepsItemsAndDeleteEverythingEmptiesTheSession(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        try await t.test { client in
            _ = try await client.call(.post, sessionPath() + "/events", #"{"role": "user", "text": "My cat is called Miso."}"#)
            _ = try await client.call(.post, sessionPath() + "/goals", #"{"title": "Feed the cat"}"#)
            #expect(try await client.call(.delete, sessionPath() + "?scope=working").status == .noContent)
            let working = try await client.call(.get, sessionPath())
            #expect(working.json.int("items") == 1)
            #expect(working.json.array("open_goals").isEmpty)
            #expect(try await client.call(.delete, sessionPath() + "?scope=everything").status == .noContent)
            #expect(try await client.call(.get, sessionPath()).json.int("items") == 0)
            #expect(try await client.call(.get, sessionPath() + "/events").json.array("events").isEmpty)
        }
    }

    @Test(arguments: TestBackend.allCases) func deleteWithoutAScopeIsRefused(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        try await t.test { client in
            _ = try await client.call(.post, sessionPath() + "/events", #"{"role": "user", "text": "Keep me."}"#)
            let r = try await client.call(.delete, sessionPath())
            #expect(r.status == .badRequest, "\(r)")
            #expect(r.errorMessage.contains("scope"))
        }
        #expect(try t.storedEvents() == 1)
    }

    @Test(arguments: TestBackend.allCases) func listSessionsNamesTheCallersSessions(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        try await t.test { client in
            _ = try await client.call(.put, sessionPath("ana", "app", "a"))
            _ = try await client.call(.put, sessionPath("bo", "app", "b"))
            let r = try await client.call(.get, "/v1/sessions")
            #expect(r.status == .ok, "\(r)")
            #expect(r.json.array("sessions").compactMap { $0.string("session") } == ["a", "b"])
        }
    }

    @Test(arguments: TestBackend.allCases) func namesWithSpacesAndChineseWorkWhenPercentEncoded(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        try await t.test { client in
            let path = "/v1/users/%E5%BC%A0%E4%BC%9F/agents/my%20app/sessions/trip"
            #expect(try await client.call(.post, path + "/events", #"{"role": "user", "text": "你好"}"#).status == .created)
            let r = try await client.call(.get, "/v1/sessions")
            #expect(r.json.array("sessions").first?.string("user") == "张伟", "\(r)")
            #expect(r.json.array("sessions").first?.string("agent") == "my app")
        }
    }
}
