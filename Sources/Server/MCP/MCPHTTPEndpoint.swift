import Foundation
import Logging
import MCP
import WorkingMemory

/// The memory's MCP tools over streamable HTTP (MCP 2025-11-25, Transports), independent of the HTTP server:
/// the server hands each request to `handle(_:tenant:)` and writes back the response.
///
/// Stateless: each POST is served by a fresh SDK `Server` on a `StatelessHTTPServerTransport`, so no MCP session
/// is kept between requests and JSON-RPC ids of different clients never meet. Every answer is one JSON body
/// (never a stream); GET and DELETE answer 405 (no server-initiated messages, nothing to end).
///
/// The session a call acts on is named by request headers, inside the tenant the server authenticated:
///
/// | header | default | |
/// |---|---|---|
/// | `X-WM-User` | `default` | the end user |
/// | `X-WM-Agent` | `default` | the application or agent |
/// | `X-WM-Session` | `default` | the conversation or task run |
///
/// A header that is empty or holds control characters answers 400 with a JSON-RPC error naming it.
public struct MCPHTTPEndpoint: Sendable {
    /// Gives the session of a namespace (the server's session cache); may create it.
    public typealias Sessions = @Sendable (Namespace) async throws -> MemorySession
    /// Gives where a namespace's calls run (`CachedSession` on the server's session cache).
    public typealias Runners = @Sendable (Namespace) -> any SessionRunner

    public static let userHeader = "X-WM-User"
    public static let agentHeader = "X-WM-Agent"
    public static let sessionHeader = "X-WM-Session"

    let server: MemoryMCPServer
    let runners: Runners
    let origins: OriginValidator
    let logger: Logger

    /// - Parameters:
    ///   - server: the tools and resources (default: the nine memory tools).
    ///   - origins: which `Host` and `Origin` headers are accepted (DNS-rebinding protection, as the MCP
    ///     transport spec asks). Default: loopback only. A server bound to another address passes its host names,
    ///     or `.disabled` behind a proxy that checks them.
    ///   - logger: the SDK transport's logger.
    ///   - sessions: gives the session of a namespace; called only when a tool or resource needs it.
    public init(server: MemoryMCPServer = MemoryMCPServer(), origins: OriginValidator = .localhost(),
                logger: Logger = Logger(label: "wm.mcp.http", factory: { _ in SwiftLogNoOpLogHandler() }), sessions: @escaping Sessions) {
        self.init(server: server, origins: origins, logger: logger, runners: { namespace in ProvidedSession { try await sessions(namespace) } })
    }

    /// - Parameter runners: gives where the calls of a namespace run and on which session (the server passes
    ///   `CachedSession`: the session cache's threads, the session leased while a call runs).
    public init(server: MemoryMCPServer = MemoryMCPServer(), origins: OriginValidator = .localhost(),
                logger: Logger = Logger(label: "wm.mcp.http", factory: { _ in SwiftLogNoOpLogHandler() }), runners: @escaping Runners) {
        self.server = server
        self.runners = runners
        self.origins = origins
        self.logger = logger
    }

    /// Answers one HTTP request to the endpoint.
    /// - Parameters:
    ///   - request: method, headers and body (the body already read, within the server's size limit).
    ///   - tenant: the tenant the request authenticated as.
    /// - Returns: `.data` (200, JSON-RPC response), `.accepted` (202, a notification) or `.error` (4xx with a
    ///   JSON-RPC error body). `headers` and `bodyData` give what to write.
    public func handle(_ request: MCP.HTTPRequest, tenant: String) async -> MCP.HTTPResponse {
        let namespace: Namespace
        do { namespace = try Self.namespace(of: request, tenant: tenant) } catch {
            return .error(statusCode: 400, .invalidRequest("Bad Request: \(error)"))
        }
        let mcp = await server.makeServer(runner: runners(namespace))
        let transport = StatelessHTTPServerTransport(
            validationPipeline: StandardValidationPipeline(validators: [
                origins, AcceptHeaderValidator(mode: .jsonOnly), ContentTypeValidator(), ProtocolVersionValidator(),
            ]),
            logger: logger)
        do { try await mcp.start(transport: transport) } catch {
            return .error(statusCode: 500, .internalError("the MCP server could not start: \(error)"))
        }
        let response = await transport.handleRequest(request)
        await mcp.stop()
        return response
    }

    /// The namespace a request names by its `X-WM-*` headers, in `tenant`.
    /// - Throws: `MemoryError.invalidArgument` naming the part when one is empty or holds control characters.
    public static func namespace(of request: MCP.HTTPRequest, tenant: String) throws -> Namespace {
        let user = request.header(userHeader) ?? "default"
        let agent = request.header(agentHeader) ?? "default"
        let session = request.header(sessionHeader) ?? "default"
        do { return try Namespace(tenant: tenant, user: user, agent: agent, session: session) } catch let error as MemoryError {
            throw MemoryError.invalidArgument("the headers \(userHeader), \(agentHeader) and \(sessionHeader) name the session (each defaults to 'default'); \(error)")
        }
    }
}
