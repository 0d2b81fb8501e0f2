import Foundation
import Hummingbird

/// How `wm serve` runs: where it listens, who may call it, how much it holds.
public struct ServerConfiguration: Sendable {
    /// Address to bind; without `keys` only a loopback address is allowed.
    public var host: String
    public var port: Int
    /// API keys and their tenants; nil serves the single tenant `singleTenant` without keys (loopback only).
    public var keys: TenantKeys?
    /// The tenant of a server without keys: the CLI's and the Swift API's.
    public var singleTenant: String
    /// The largest request body, in bytes (413 over it).
    public var bodyLimit: Int
    /// Memory cap of the loaded sessions (estimated bytes); least recently used sessions go beyond it.
    public var cacheBytes: Int
    /// Threads for blocking database and engine work.
    public var threads: Int
    /// Adds more routes after the API's (behind the same keys and middleware): e.g. an MCP endpoint at `/mcp`.
    /// A handler finds the caller's tenant in `RequestScope.tenant` and its sessions in the `SessionCache`.
    public var mount: (@Sendable (Router<BasicRequestContext>, SessionCache) -> Void)?

    public init(host: String = "127.0.0.1", port: Int = 8080, keys: TenantKeys? = nil, singleTenant: String = "default",
                bodyLimit: Int = 1 << 20, cacheBytes: Int = 512 << 20,
                threads: Int = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount),
                mount: (@Sendable (Router<BasicRequestContext>, SessionCache) -> Void)? = nil) {
        self.host = host
        self.port = port
        self.keys = keys
        self.singleTenant = singleTenant
        self.bodyLimit = bodyLimit
        self.cacheBytes = cacheBytes
        self.threads = threads
        self.mount = mount
    }

    /// Refuses a configuration that would expose a keyless server beyond this machine.
    public func validate() throws {
        if keys == nil && !Self.isLoopback(host) {
            throw ServerConfigurationError("refusing to listen on '\(host)' without --keys: a server without keys lets anyone who reaches it read and write every session; pass --keys keys.json ({\"KEY\": \"TENANT\"}) or listen on 127.0.0.1")
        }
        if !(0...65535).contains(port) { throw ServerConfigurationError("port \(port) is not in 0...65535") }
        if bodyLimit < 1024 { throw ServerConfigurationError("the body limit must be at least 1024 bytes (got \(bodyLimit))") }
        if cacheBytes < 0 { throw ServerConfigurationError("the session cache cap must be >= 0 bytes (got \(cacheBytes))") }
        if threads < 1 { throw ServerConfigurationError("threads must be >= 1 (got \(threads))") }
    }

    /// `localhost`, `::1` and 127.0.0.0/8.
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}

/// A server configuration that cannot run.
public struct ServerConfigurationError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
