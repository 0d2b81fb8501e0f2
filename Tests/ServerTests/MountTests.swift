import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Server
import Testing
import WorkingMemory

/// `ServerConfiguration.mount`: routes added beside the API (e.g. a proxy or a web page) sit behind the same
/// keys and see the caller's tenant and the shared session cache.
@Suite struct MountTests {
    @Test func aMountedRouteSeesTheCallersTenantAndIsBehindTheKeys() async throws {
        var logger = Logger(label: "wm.test")
        logger.logLevel = .critical
        let keys = try TenantKeys(["alpha-key-0123456789abcdef": "alpha"])
        let configuration = ServerConfiguration(keys: keys, threads: 2, mount: { router, cache in
            router.get("/extra") { _, _ -> String in
                let tenant = RequestScope.tenant ?? "none"
                let sessions = try await cache.run { try cache.store.namespaces(tenant: tenant).count }
                return "\(tenant) \(sessions)"
            }
        })
        let server = try MemoryServer(store: try MemoryStore.inMemory(), configuration: configuration, logger: logger)
        try await server.application().test(.router) { client in
            _ = try await client.call(.put, sessionPath(), key: "alpha-key-0123456789abcdef")
            let r = try await client.call(.get, "/extra", key: "alpha-key-0123456789abcdef")
            #expect(r.status == .ok)
            #expect(r.text == "alpha 1")
            #expect(try await client.call(.get, "/extra").status == .unauthorized)
        }
    }
}
