/// A message of a conversation with a tool-calling model: the chat roles plus tool calls and their results.
public struct ModelMessage: Sendable, Equatable {
    public enum Role: String, Sendable { case system, user, assistant, tool }
    public var role: Role
    public var content: String
    /// The calls an assistant message made.
    public var toolCalls: [ModelToolCall]
    /// For a tool message: the id of the call it answers.
    public var toolCallID: String?

    public init(_ role: Role, _ content: String, toolCalls: [ModelToolCall] = [], toolCallID: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    /// A message of an assembled context.
    public init(_ message: ChatMessage) {
        self.init(Role(rawValue: message.role.rawValue) ?? .user, message.content)
    }
}

/// A call the model asked for.
public struct ModelToolCall: Sendable, Equatable {
    public var id: String
    public var name: String
    /// The arguments as the model wrote them (JSON text, possibly invalid).
    public var argumentsJSON: String

    public init(id: String, name: String, argumentsJSON: String) {
        self.id = id
        self.name = name
        self.argumentsJSON = argumentsJSON
    }
}

/// One answer of a tool-calling model: text, or calls to run, or both; with the tokens the server counted.
public struct ModelReply: Sendable, Equatable {
    public var text: String
    public var toolCalls: [ModelToolCall]
    /// Prompt tokens as the model's server counted them; nil when it did not say.
    public var promptTokens: Int?
    public var completionTokens: Int?

    public init(text: String, toolCalls: [ModelToolCall] = [], promptTokens: Int? = nil, completionTokens: Int? = nil) {
        self.text = text
        self.toolCalls = toolCalls
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }
}
