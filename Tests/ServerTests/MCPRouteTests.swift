import Foundation
import HTTPTypes
import HummingbirdTesting
import Server
import Testing
import WorkingMemory

/// `wm serve` answers MCP at `/mcp`: behind the API's keys, with the key's tenant, on the same cached
/// sessions the REST routes use (a tool call's memory is visible through `GET …/items`).
@Suite struct MCPRouteTests {
    static let alpha = "alpha-key-0123456789abcdef"
    static let beta = "beta-key-0123456789abcdefg"

    static func headers(session: String) -> HTTPFields {
        var h = HTTPFields()
        h[.accept] = "application/json, text/event-stream"
        h[HTTPField.Name("X-WM-User")!] = "ana"
        h[HTTPField.Name("X-WM-Agent")!] = "app"
        h[HTTPField.Name("X-WM-Session")!] = session
        return h
    }

    static let remember = #"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"remember","arguments":{"text":"The boat to Cies leaves at nine.","pin":true}}}"#

    @Test(arguments: TestBackend.allCases) func aToolCallLandsInTheKeysTenantAndTheRESTRoutesSeeIt(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend, keys: [Self.alpha: "alpha", Self.beta: "beta"])
        try await t.test { client in
            let r = try await client.call(.post, "/mcp", Self.remember, key: Self.alpha, headers: Self.headers(session: "trip"))
            #expect(r.status == .ok, "\(r)")
            #expect(r.json.int("id") == 7)
            #expect((r.json.object("result")["isError"] as? Bool) != true, "\(r)")

            let items = try await client.call(.get, sessionPath("ana", "app", "trip") + "/items", key: Self.alpha)
            #expect(items.text.contains("The boat to Cies leaves at nine."), "\(items)")
            // The other tenant has no such session, and its MCP calls see nothing of alpha's.
            #expect(try await client.call(.get, sessionPath("ana", "app", "trip"), key: Self.beta).status == .notFound)
            let recall = #"{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"recall","arguments":{"query":"boat Cies"}}}"#
            let seen = try await client.call(.post, "/mcp", recall, key: Self.beta, headers: Self.headers(session: "trip"))
            #expect(seen.status == .ok)
            #expect(!seen.text.contains("Cies leaves"), "\(seen)")
        }
        #expect(try t.storedEvents(tenant: "alpha", user: "ana", agent: "app", session: "trip") == 1)
    }

    @Test(arguments: TestBackend.allCases) func withoutAKeyMCPIsRefusedAndStoresNothing(_ backend: TestBackend) async throws {
        let t = try TestServer(backend: backend, keys: [Self.alpha: "alpha"])
        try await t.test { client in
            let headers = Self.headers(session: "trip")
            let missing = try await client.call(.post, "/mcp", Self.remember, headers: headers)
            #expect(missing.status == .unauthorized)
            let wrong = try await client.call(.post, "/mcp", Self.remember, key: "wrong-key-0123456789abcdef", headers: headers)
            #expect(wrong.status == .unauthorized)
        }
        #expect(try t.storedEvents(tenant: "alpha", user: "ana", agent: "app", session: "trip") == 0)
    }
}
