import HTTPTypes
import Foundation
import Hummingbird
import Logging
import MCP
import NIOCore
import OpenAPIHummingbird
import OpenAPIRuntime
import ServiceLifecycle
import WorkingMemory

/// The memory as an HTTP service: the routes of the OpenAPI contract over a `SessionCache`, behind the tenant
/// keys, with one error format, request logs and Prometheus metrics.
///
/// ```swift
/// let server = try MemoryServer(store: try MemoryStore(path: "wm.sqlite"), configuration: ServerConfiguration())
/// try await server.run()                            // until SIGTERM or SIGINT
/// ```
public final class MemoryServer: Sendable {
    public let configuration: ServerConfiguration
    public let cache: SessionCache
    public let metrics: ServerMetrics
    let logger: Logger

    /// - Throws: `ServerConfigurationError` for a configuration that cannot run (see `ServerConfiguration.validate`).
    public init(store: MemoryStore, configuration: ServerConfiguration, logger: Logger = Logger(label: "wm.serve")) throws {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
        metrics = ServerMetrics()
        cache = SessionCache(store: store, capacityBytes: configuration.cacheBytes, threads: configuration.threads, metrics: metrics)
    }

    /// The committed contract, as served at `GET /openapi.json`.
    public static let openAPIDocument: Data = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url) else {
            fatalError("the OpenAPI document is missing from the Server module's resources")
        }
        return data
    }()

    /// Every route: the contract's operations, `/openapi.json`, and what `configuration.mount` adds.
    public func router() throws -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        // Middleware applies to the routes added after it, and to unknown routes.
        router.add(middleware: RequestLogMiddleware(metrics: metrics))
        router.add(middleware: ErrorMiddleware(routes: RouteTable(openAPIDocument: Self.openAPIDocument)))
        router.add(middleware: TenantMiddleware(keys: configuration.keys, singleTenant: configuration.singleTenant,
                                                publicPaths: ["/healthz", "/metrics", "/openapi.json"]))
        router.add(middleware: BodyMiddleware(limit: configuration.bodyLimit))
        let document = Self.openAPIDocument
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: document)))
        }
        let api = MemoryAPI(cache: cache, metrics: metrics)
        try api.registerHandlers(on: router, configuration: Configuration(dateTranscoder: RFC3339DateTranscoder()),
                                 middlewares: [OpenAPIInputMiddleware(bodyLimit: configuration.bodyLimit)])
        mountMCP(on: router)
        configuration.mount?(router, cache)
        return router
    }

    /// The MCP tools over streamable HTTP at `/mcp` (docs/mcp.md): the same keys and tenants as the API, the
    /// same cached sessions (headers `X-WM-User`, `X-WM-Agent`, `X-WM-Session` pick one inside the tenant).
    /// A loopback server checks `Host` and `Origin` against DNS rebinding, as the MCP transport specification
    /// asks; a server on another address requires keys, and every request is authenticated by them instead.
    func mountMCP(on router: Router<BasicRequestContext>) {
        let cache = cache
        let origins: OriginValidator = ServerConfiguration.isLoopback(configuration.host) ? .localhost() : .disabled
        let endpoint = MCPHTTPEndpoint(origins: origins, logger: logger, runners: { CachedSession(cache, $0) })
        let limit = configuration.bodyLimit
        for method in [HTTPRequest.Method.post, .get, .delete] {
            router.on("/mcp", method: method) { request, _ in
                try await endpoint.response(to: request, tenant: try RequestScope.requireTenant(), maxBodySize: limit)
            }
        }
    }

    /// The Hummingbird application on the configured address.
    public func application(onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in })
        throws -> some ApplicationProtocol & Service {
        Application(router: try router(), configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                                               serverName: "wm"),
                    onServerRunning: onServerRunning, logger: logger)
    }

    /// Serves until SIGTERM or SIGINT: then stops accepting, lets the requests in flight finish (their writes
    /// are committed before they answer), stops the cache's threads, and returns; the database closes when the
    /// store is released.
    public func run(onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }) async throws {
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: CacheShutdown(cache: cache)), .init(service: try application(onServerRunning: onServerRunning))],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// Closes the session cache once the server in front of it has stopped (services shut down in reverse order).
struct CacheShutdown: Service {
    let cache: SessionCache
    func run() async throws {
        try? await gracefulShutdown()
        try await cache.close()
    }
}
