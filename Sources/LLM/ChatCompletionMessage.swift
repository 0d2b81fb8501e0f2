/// One message of a chat completion request (OpenAI roles: system, user, assistant, tool).
public struct ChatCompletionMessage: Sendable, Equatable, Encodable {
    public enum Role: String, Sendable, Codable { case system, user, assistant, tool }

    public var role: Role
    /// The text; nil only for an assistant message that carries tool calls alone.
    public var content: String?
    /// The calls an assistant message made (sent back so the model sees its own calls).
    public var toolCalls: [ToolCall]
    /// For a tool message: the call it answers.
    public var toolCallID: String?

    public init(_ role: Role, _ content: String?, toolCalls: [ToolCall] = [], toolCallID: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    public static func system(_ text: String) -> Self { Self(.system, text) }
    public static func user(_ text: String) -> Self { Self(.user, text) }
    public static func assistant(_ text: String?, toolCalls: [ToolCall] = []) -> Self { Self(.assistant, text, toolCalls: toolCalls) }
    /// The result of a tool call, answering the call `id`.
    public static func tool(_ text: String, callID: String) -> Self { Self(.tool, text, toolCallID: callID) }

    enum CodingKeys: String, CodingKey { case role, content, toolCalls = "tool_calls", toolCallID = "tool_call_id" }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(role, forKey: .role)
        // OpenAI wants `content: null` (not absent) beside tool calls; everywhere else a string.
        if let content { try c.encode(content, forKey: .content) } else { try c.encodeNil(forKey: .content) }
        if !toolCalls.isEmpty { try c.encode(toolCalls, forKey: .toolCalls) }
        try c.encodeIfPresent(toolCallID, forKey: .toolCallID)
    }
}
