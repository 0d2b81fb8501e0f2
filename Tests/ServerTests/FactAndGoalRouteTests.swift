import Foundation
import Testing

/// `.../facts` and `.../goals`.
@Suite struct FactAndGoalRouteTests {
    @Test(arguments: TestBackend.allCases) func aNewValueSupersedesTheOldOneWhichStaysInTheHistory(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        try await t.test { client in
            _ = try await client.call(.put, sessionPath())
            #expect(try await client.call(.put, sessionPath() + "/facts/user/city", #"{"value": "Lisbon"}"#).status == .ok)
            let second = try await client.call(.put, sessionPath() + "/facts/user/city", #"{"value": "Porto"}"#)
            #expect(second.status == .ok, "\(second)")
            #expect(second.json["value"] as? String == "Porto")
            let facts = try await client.call(.get, sessionPath() + "/facts").json.array("facts")
            #expect(facts.count == 1)
            #expect(facts.first?["value"] as? String == "Porto")
            let history = try await client.call(.get, sessionPath() + "/facts/user/city/history").json.array("versions")
            #expect(history.compactMap { $0["value"] as? String } == ["Lisbon", "Porto"])
            #expect(history.first?["valid_to"] != nil)
        }
    }

    @Test(arguments: TestBackend.allCases) func factValuesMayBeNumbersAndListsAndDeletionKeepsTheHistory(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        try await t.test { client in
            _ = try await client.call(.put, sessionPath())
            let n = try await client.call(.put, sessionPath() + "/facts/trip/days", #"{"value": 12}"#)
            #expect(n.json["value"] as? Double == 12, "\(n)")
            let l = try await client.call(.put, sessionPath() + "/facts/trip/cities", #"{"value": ["Porto", "上海"]}"#)
            #expect(l.json["value"] as? [String] == ["Porto", "上海"], "\(l)")
            #expect(try await client.call(.delete, sessionPath() + "/facts/trip/days").status == .noContent)
            #expect(try await client.call(.delete, sessionPath() + "/facts/trip/days").status == .notFound)
            #expect(try await client.call(.get, sessionPath() + "/facts/trip/days/history").json.array("versions").count == 2)
        }
    }

    @Test(arguments: TestBackend.allCases) func aGoalWithStepsIsCreatedAndAStepUpdated(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        try await t.test { client in
            _ = try await client.call(.put, sessionPath())
            let goal = try await client.call(.post, sessionPath() + "/goals", #"{"title": "Plan the trip", "steps": ["book flight", "book hotel"]}"#)
            #expect(goal.status == .created, "\(goal)")
            let goalID = try #require(goal.json.int("id"))
            let steps = goal.json.array("steps")
            #expect(steps.compactMap { $0.string("text") } == ["book flight", "book hotel"])
            let stepID = try #require(steps.last?.int("id"))
            let r = try await client.call(.patch, sessionPath() + "/goals/\(goalID)/steps/\(stepID)", #"{"status": "done", "result": "Hotel Douro, 3 nights"}"#)
            #expect(r.status == .ok, "\(r)")
            #expect(r.json.string("status") == "done")
            let goals = try await client.call(.get, sessionPath() + "/goals").json.array("goals")
            #expect(goals.first?.array("steps").last?.string("result") == "Hotel Douro, 3 nights")
        }
    }

    @Test(arguments: TestBackend.allCases) func aStepOfAnotherGoalIsNotFound(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        try await t.test { client in
            _ = try await client.call(.put, sessionPath())
            _ = try await client.call(.post, sessionPath() + "/goals", #"{"title": "A", "steps": ["a1"]}"#)
            let b = try await client.call(.post, sessionPath() + "/goals", #"{"title": "B"}"#)
            let r = try await client.call(.patch, sessionPath() + "/goals/\(b.json.int("id") ?? 0)/steps/1", #"{"status": "done"}"#)
            #expect(r.status == .notFound, "\(r)")
        }
    }
}
