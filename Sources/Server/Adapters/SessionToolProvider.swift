import Foundation
import MCP
import WorkingMemory

/// The MCP server's tools as the chat and task loops' `ToolProvider`: a model in `wm chat --tools` or
/// `wm task --tools` meets the same names, schemas, descriptions and checks as an MCP client, run against one
/// session (one definition, `MemoryToolbox`, serves both).
public struct SessionToolProvider: ToolProvider {
    public let session: MemorySession
    public let toolbox: MemoryToolbox
    /// The tools with their schemas as JSON text, encoded once (a loop reads them for every model call).
    public let tools: [ToolSpec]

    public init(session: MemorySession, toolbox: MemoryToolbox = MemoryToolbox()) {
        self.session = session
        self.toolbox = toolbox
        tools = toolbox.tools.map { ToolSpec(name: $0.name, description: $0.description, parametersJSON: MemoryJSON.encode($0.inputSchema)) }
    }

    public func call(_ name: String, argumentsJSON: String) async -> ToolOutcome {
        let result = toolbox.call(name, argumentsJSON: argumentsJSON, on: session)
        return ToolOutcome(result.text, isError: result.isError)
    }
}
