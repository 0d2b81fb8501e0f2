import MCP
import WorkingMemory

/// One tool the memory offers a model: its name, when to use it, the JSON schema of its arguments and what it
/// does to a `MemorySession`. The same definition serves MCP (`mcpTool`) and OpenAI-style function calling
/// (`openAIFunction`), so the two never drift.
public struct MemoryTool: Sendable {
    /// The name a model calls it by (`remember`, `get_context`, ...).
    public let name: String
    /// A short title for people.
    public let title: String
    /// What it does and when a model should use it.
    public let description: String
    /// JSON Schema of the arguments (an object schema).
    public let inputSchema: Value
    /// Changes nothing (MCP `readOnlyHint`).
    public let readOnly: Bool
    /// Deletes something (MCP `destructiveHint`).
    public let destructive: Bool
    /// Calling it twice with the same arguments does no more than once (MCP `idempotentHint`).
    public let idempotent: Bool
    let run: @Sendable (ToolArguments, MemorySession) throws -> Value

    init(name: String, title: String, description: String, inputSchema: Value, readOnly: Bool = false,
         destructive: Bool = false, idempotent: Bool = false, run: @escaping @Sendable (ToolArguments, MemorySession) throws -> Value) {
        self.name = name
        self.title = title
        self.description = description
        self.inputSchema = inputSchema
        self.readOnly = readOnly
        self.destructive = destructive
        self.idempotent = idempotent
        self.run = run
    }

    /// The argument names the schema declares, sorted.
    public var argumentNames: [String] {
        (inputSchema.objectValue?["properties"]?.objectValue?.keys).map { $0.sorted() } ?? []
    }

    /// The definition as MCP lists it (`tools/list`).
    public var mcpTool: Tool {
        Tool(name: name, title: title, description: description, inputSchema: inputSchema,
             annotations: .init(title: title, readOnlyHint: readOnly, destructiveHint: destructive,
                                idempotentHint: idempotent, openWorldHint: false))
    }

    /// The definition in the OpenAI chat-completions `tools` form:
    /// `{"type": "function", "function": {"name", "description", "parameters"}}`.
    public var openAIFunction: Value {
        ["type": "function", "function": ["name": .string(name), "description": .string(description), "parameters": inputSchema]]
    }
}
