import MCP

/// What a tool call gives back to the model: one text (JSON for results, a sentence for errors) and whether the
/// call failed. A failed call is an answer, not a fault: the model reads the message and can correct the call
/// (MCP 2025-11-25, Tools, "Error Handling": tool execution errors are reported with `isError: true`).
public struct ToolResult: Sendable, Equatable {
    /// The result as compact JSON, or the error message.
    public var text: String
    /// The result as a JSON value (nil for errors); sent as MCP `structuredContent`.
    public var value: Value?
    public var isError: Bool

    /// A successful result.
    public init(_ value: Value) {
        self.value = value
        self.text = MemoryJSON.encode(value)
        self.isError = false
    }

    /// A failed call, with the message that says what was wrong.
    public init(error message: String) {
        self.value = nil
        self.text = message
        self.isError = true
    }

    /// The result in the MCP `tools/call` form.
    public var mcpResult: CallTool.Result {
        CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: value,
                        isError: isError ? true : nil)
    }
}
