import Foundation
import Server
import Testing

/// `/healthz`, `/metrics` and `/openapi.json`.
@Suite struct ServiceRouteTests {
    @Test(arguments: TestBackend.allCases) func healthAnswersOK(_ backend: TestBackend) async throws {
        let r = try await TestServer(backend: backend).test { client in try await client.call(.get, "/healthz") }
        #expect(r.status == .ok)
        #expect(r.json.string("status") == "ok")
    }

    @Test(arguments: TestBackend.allCases) func metricsCountRequestsByRouteAndStatusAndEventsByOutcome(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend)
        let text = try await t.test { client in
            _ = try await client.call(.post, sessionPath() + "/events", #"{"events": [{"role": "user", "text": "I live in Lisbon."}, {"role": "user", "text": "I live in Lisbon."}]}"#)
            _ = try await client.call(.get, sessionPath("nobody", "x", "y"))
            return try await client.call(.get, "/metrics").text
        }
        let lines = text.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("wm_http_requests_total{") && $0.contains("route=\"/v1/users/{user}/agents/{agent}/sessions/{session}/events\"") && $0.contains("status=\"201\"") }, "\(text)")
        #expect(lines.contains { $0.hasPrefix("wm_http_requests_total{") && $0.contains("status=\"404\"") })
        #expect(lines.contains { $0.hasPrefix("wm_http_request_duration_seconds_bucket{") })
        #expect(lines.contains { $0.hasPrefix("wm_events_total{outcome=\"admitted\"} 1") })
        #expect(lines.contains { $0.hasPrefix("wm_events_total{outcome=\"rehearsed\"} 1") })
        #expect(lines.contains { $0.hasPrefix("wm_sessions_loaded 1") })
        #expect(lines.contains { $0.hasPrefix("wm_items_loaded 1") })
        #expect(!text.contains("nobody"), "a name from a path became a label")
    }

    @Test(arguments: TestBackend.allCases) func theServedContractIsTheCommittedDocumentWithTheListedOperations(_ backend: TestBackend) async throws {
        let r = try await TestServer(backend: backend).test { client in try await client.call(.get, "/openapi.json") }
        #expect(r.status == .ok)
        let committed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/Server/openapi.json")
        #expect(Data(r.text.utf8) == (try Data(contentsOf: committed)))
        let paths = r.json.object("paths")
        let ids = paths.values.flatMap { ($0 as? [String: Any] ?? [:]).values.compactMap { ($0 as? [String: Any])?["operationId"] as? String } }
        #expect(Set(ids) == [
            "putSession", "getSession", "deleteSession", "listSessions", "appendEvents", "listEvents", "getContext", "searchMemory",
            "listItems", "getItem", "updateItem", "deleteItem", "explainItem", "listFacts", "putFact", "deleteFact", "getFactHistory",
            "listGoals", "createGoal", "updateStep", "health", "metrics",
        ])
        #expect(ids.count == 22)
    }
}
