import Foundation
import HummingbirdTesting
import Testing

/// The memory proxy's tenants: the caller's key picks the tenant, as for the API.
@Suite struct ProxyTenantTests {
    static let alpha = "wm-alpha-key-0123456789abcdef", beta = "wm-beta-key-0123456789abcdef"

    @Test func oneTenantsMemoryNeverReachesAnotherTenantsPrompt() async throws {
        let h = try await ProxyHarness.start(keys: [Self.alpha: "alpha", Self.beta: "beta"])
        try await h.run { client in
            let replies = [try await client.chat(chatBody([("user", "My locker code is 4417.")]), key: Self.alpha),
                           try await client.chat(chatBody([("user", "What is my locker code?")]), key: Self.beta),
                           try await client.chat(chatBody([("user", "What is my locker code?")]), key: Self.alpha)]
            #expect(replies.map(\.status) == [.ok, .ok, .ok])
        }
        let betaPrompt = try h.upstreamMessages(1).compactMap { $0["content"] as? String }.joined()
        let alphaPrompt = try h.upstreamMessages(2).compactMap { $0["content"] as? String }.joined()
        #expect(!betaPrompt.contains("4417"))
        #expect(alphaPrompt.contains("4417"))
        #expect(try h.events(tenant: "beta").count == 2)
        #expect(try h.events(tenant: "alpha").count == 4)
    }

    @Test func aCallWithoutAKnownKeyIs401AndReachesNoUpstream() async throws {
        let h = try await ProxyHarness.start(keys: [Self.alpha: "alpha"])
        let (none, wrong) = try await h.run { client in
            (try await client.chat(chatBody([("user", "Hi.")])), try await client.chat(chatBody([("user", "Hi.")]), key: "not-a-key"))
        }
        #expect(none.status == .unauthorized && wrong.status == .unauthorized)
        #expect(h.standIn.requests.isEmpty)
    }
}
