import Foundation
import Logging
import MCP
import WorkingMemory

/// The memory as an MCP server (official swift-sdk): the toolbox's tools and the session's resources, on any
/// transport. `wm mcp` serves one session over stdio; `MCPHTTPEndpoint` makes one per HTTP request.
public struct MemoryMCPServer: Sendable {
    /// The name the server gives in `initialize`.
    public static let name = "working-memory"
    public static let version = "0.1.0"
    /// Read by clients that put it into the model's system prompt.
    public static let instructions = """
        A working memory for this conversation. Call remember for what the user says that matters later, \
        get_context before answering a question that may depend on earlier turns, set_fact for structured facts, \
        push_goal and update_step for multi-step tasks. Items have ids: explain says why an item is remembered, \
        forget deletes one.
        """

    public let toolbox: MemoryToolbox

    public init(toolbox: MemoryToolbox = MemoryToolbox()) {
        self.toolbox = toolbox
    }

    /// Makes an SDK `Server` with the tools and resources registered (not started).
    /// - Parameter session: gives the session a call acts on; called once per tool call or resource read, so a
    ///   listing never opens a session. When it throws, the tool call answers with `isError` and its message.
    ///   The calls run on a queue of their own (`ProvidedSession`).
    public func makeServer(session: @escaping @Sendable () async throws -> MemorySession) async -> Server {
        await makeServer(runner: ProvidedSession(session))
    }

    /// Makes an SDK `Server` whose tool calls and resource reads run through `runner` (off the concurrency pool).
    public func makeServer(runner: any SessionRunner) async -> Server {
        let server = Server(
            name: Self.name, version: Self.version, title: "WorkingMemory", instructions: Self.instructions,
            capabilities: .init(resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false)))
        let toolbox = toolbox
        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(tools: toolbox.tools.map(\.mcpTool))
        }
        await server.withMethodHandler(CallTool.self) { params in
            // An unknown tool is a protocol error (MCP 2025-11-25, Tools, "Error Handling"); everything about
            // a known tool's arguments or effect is a tool error the model can read.
            guard toolbox.tool(named: params.name) != nil else {
                throw MCPError.invalidParams(ToolCallError.unknownTool(params.name, known: toolbox.tools.map(\.name)).description)
            }
            let (name, arguments) = (params.name, params.arguments)
            do {
                return try await runner.run { toolbox.call(name, arguments: arguments, on: $0) }.mcpResult
            } catch {
                return ToolResult(error: "\(name): the session could not be opened: \((error as? MemoryError)?.description ?? "\(error)")").mcpResult
            }
        }
        await server.withMethodHandler(ListResources.self) { _ in
            ListResources.Result(resources: MemoryResource.allCases.map(\.mcpResource))
        }
        await server.withMethodHandler(ReadResource.self) { params in
            guard let resource = MemoryResource(rawValue: params.uri) else {
                throw MCPError.invalidParams("unknown resource '\(params.uri)'; the resources are: \(MemoryResource.allCases.map(\.uri).joined(separator: ", "))")
            }
            do {
                return ReadResource.Result(contents: [try await runner.run { resource.contents(of: $0) }])
            } catch {
                throw MCPError.internalError("the session could not be opened: \((error as? MemoryError)?.description ?? "\(error)")")
            }
        }
        return server
    }

    /// Serves one session over standard input and output until the client closes its end; every request read
    /// is answered before this returns.
    /// - Parameters:
    ///   - session: the session the tools act on.
    ///   - logger: where the SDK and this server log (never standard output: it carries the protocol).
    public func serveStandardIO(_ session: MemorySession, logger: Logger) async throws {
        let server = await makeServer { session }
        logger.info("serving session \(session.namespace) over stdio")
        try await server.start(transport: DrainingTransport(StdioTransport(logger: logger), logger: logger))
        await server.waitUntilCompleted()
        await server.stop()
        logger.info("end of input: stopped")
    }
}
