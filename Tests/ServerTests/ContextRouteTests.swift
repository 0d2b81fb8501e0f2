import Foundation
import Testing
import WorkingMemory

/// `POST .../context` and `POST .../search`.
@Suite struct ContextRouteTests {
    @Test(arguments: TestBackend.allCases) func theContextIsTheOneTheSwiftAPIAssemblesAndStaysWithinBudget(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        let events = #"{"events": [{"role": "user", "text": "My sister Ana lives in Porto.", "time": "2024-05-01T10:00:00Z"}, {"role": "user", "text": "I like green tea in the morning.", "time": "2024-05-01T10:01:00Z"}]}"#
        let reply = try await t.test { client in
            _ = try await client.call(.post, sessionPath() + "/events", events)
            return try await client.call(.post, sessionPath() + "/context", #"{"query": "Where does Ana live?", "budget": 200}"#)
        }
        #expect(reply.status == .ok, "\(reply)")
        #expect(reply.json.int("budget") == 200)
        #expect((reply.json.int("tokens") ?? .max) <= 200)
        let messages = reply.json.array("messages")
        #expect(messages.last?.string("content") == "Where does Ana live?")
        #expect(reply.json.array("sections").map { $0.string("kind") ?? "" } == ["goals", "facts", "memories", "recentTurns"])
        #expect(reply.json["left_out"] is [Any])

        // The same events and query through the Swift API on another database give the same messages.
        let store = try MemoryStore.inMemory()
        let session = try MemorySession.begin(try Namespace(user: "ana", agent: "app", session: "trip"), in: store)
        let f = ISO8601DateFormatter()
        try session.receive(contentsOf: [
            MemoryEvent(.user, "My sister Ana lives in Porto.", time: f.date(from: "2024-05-01T10:00:00Z")!),
            MemoryEvent(.user, "I like green tea in the morning.", time: f.date(from: "2024-05-01T10:01:00Z")!),
        ])
        let direct = try session.context(for: "Where does Ana live?", budget: 200)
        #expect(messages.compactMap { $0.string("content") } == direct.messages.map(\.content))
    }

    @Test(arguments: TestBackend.allCases) func aTinyBudgetLeavesMemoriesOutAndSaysWhy(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        try await t.test { client in
            let batch = (1...30).map { #"{"role": "user", "text": "Porto fact \#($0): the bridge number \#($0) crosses the Douro river near the old town"}"# }
            _ = try await client.call(.post, sessionPath() + "/events", #"{"events": [\#(batch.joined(separator: ","))]}"#)
            let r = try await client.call(.post, sessionPath() + "/context", #"{"query": "Which bridge crosses the Douro?", "budget": 120}"#)
            #expect(r.status == .ok, "\(r)")
            #expect((r.json.int("tokens") ?? .max) <= 120)
            let leftOut = r.json.array("left_out")
            #expect(!leftOut.isEmpty)
            #expect(leftOut.allSatisfy { $0.int("item_id") != nil && !($0.string("reason") ?? "").isEmpty })
        }
    }

    @Test(arguments: TestBackend.allCases) func searchRanksItemsWithTheirFeatures(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        try await t.test { client in
            _ = try await client.call(.post, sessionPath() + "/events", #"{"events": [{"role": "user", "text": "The boat leaves from pier seven."}, {"role": "user", "text": "Dinner is at eight."}]}"#)
            let r = try await client.call(.post, sessionPath() + "/search", #"{"query": "which pier does the boat leave from", "limit": 5}"#)
            #expect(r.status == .ok, "\(r)")
            let results = r.json.array("results")
            #expect(results.first?.object("item").string("text") == "The boat leaves from pier seven.")
            #expect(results.first?.object("features")["bm25"] != nil)
        }
    }
}
