import Foundation
import Testing

/// `POST .../events` and `GET .../events`: receiving events and reading the stored log back.
@Suite struct EventRouteTests {
    @Test(arguments: TestBackend.allCases) func oneEventCreatesTheSessionAndIsAnsweredWithItsReception(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        try await t.test { client in
            let r = try await client.call(.post, sessionPath() + "/events", #"{"role": "user", "text": "My favourite colour is green."}"#)
            #expect(r.status == .created, "\(r)")
            let receptions = r.json.array("receptions")
            #expect(receptions.count == 1)
            #expect(receptions.first?.int("seq") == 1)
            #expect(receptions.first?["admitted"] as? Bool == true)
            #expect(receptions.first?.int("item_id") == 1)
            #expect(receptions.first?.object("features")["novelty"] != nil)
            #expect(try await client.call(.get, sessionPath()).status == .ok)
        }
    }

    @Test(arguments: TestBackend.allCases) func aBatchIsAnsweredWithOneReceptionPerEventInOrder(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        try await t.test { client in
            let body = #"{"events": [{"role": "user", "text": "I moved to Porto in 2021."}, {"role": "assistant", "text": "Porto is lovely."}, {"role": "tool", "text": "weather: 21C sunny", "metadata": {"tool": "weather"}}]}"#
            let r = try await client.call(.post, sessionPath() + "/events", body)
            #expect(r.status == .created, "\(r)")
            #expect(r.json.array("receptions").compactMap { $0.int("seq") } == [1, 2, 3])
        }
        #expect(try t.storedEvents() == 3)
    }

    @Test(arguments: TestBackend.allCases) func aRepeatNamesTheItemItRepeats(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        try await t.test { client in
            let event = #"{"role": "user", "text": "The gate code is 4411 for the garden."}"#
            _ = try await client.call(.post, sessionPath() + "/events", event)
            let again = try await client.call(.post, sessionPath() + "/events", event)
            let reception = try #require(again.json.array("receptions").first)
            #expect(reception.string("outcome") == "rehearsed", "\(again)")
            #expect(reception.int("repeat_of") == 1)
            #expect(reception["admitted"] as? Bool == false)
        }
    }

    @Test(arguments: TestBackend.allCases) func listEventsReturnsEveryStoredEventInOrderWithItsFields(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        try await t.test { client in
            let body = #"{"events": [{"role": "user", "text": "我住在上海。", "time": "2024-05-08T13:56:00Z", "speaker": "Li"}, {"role": "observation", "text": "ok", "time": "2024-05-08T13:57:00.250Z"}]}"#
            #expect(try await client.call(.post, sessionPath() + "/events", body).status == .created)
            let r = try await client.call(.get, sessionPath() + "/events")
            #expect(r.status == .ok, "\(r)")
            let events = r.json.array("events")
            #expect(events.compactMap { $0.int("seq") } == [1, 2])
            #expect(events.first?.string("text") == "我住在上海。")
            #expect(events.first?.string("time") == "2024-05-08T13:56:00Z")
            #expect(events.first?.string("speaker") == "Li")
            #expect(events.last?.string("role") == "observation")
            #expect(events.last?.string("time") == "2024-05-08T13:57:00.250Z")
        }
    }

    @Test(arguments: TestBackend.allCases) func listEventsPagesWithAfterAndLimit(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        try await t.test { client in
            let batch = (1...5).map { #"{"role": "user", "text": "note number \#($0) about the lake"}"# }.joined(separator: ",")
            _ = try await client.call(.post, sessionPath() + "/events", #"{"events": [\#(batch)]}"#)
            let first = try await client.call(.get, sessionPath() + "/events?limit=2")
            #expect(first.json.array("events").compactMap { $0.int("seq") } == [1, 2])
            #expect(first.json.int("next_after") == 2)
            let last = try await client.call(.get, sessionPath() + "/events?after=4&limit=2")
            #expect(last.json.array("events").compactMap { $0.int("seq") } == [5])
            #expect(last.json["next_after"] == nil)
        }
    }
}
