/// The model's answer to one call.
public struct ChatCompletion: Sendable, Equatable {
    /// The answer text (empty when the model only called tools).
    public var content: String
    /// The model's reasoning, kept apart from the answer (`reasoning_content` or `reasoning`); empty if none.
    public var reasoning: String
    public var toolCalls: [ToolCall]
    /// `stop`, `length`, `tool_calls`, `content_filter`, or nil when the server did not say.
    public var finishReason: String?
    /// The server's count; nil when it sent none (some servers don't, or not when streaming).
    public var usage: TokenUsage?
    /// The model that answered, as the server names it.
    public var model: String?
    /// Tries it took (1 without retries).
    public var attempts: Int

    public init(content: String, reasoning: String = "", toolCalls: [ToolCall] = [], finishReason: String? = nil,
                usage: TokenUsage? = nil, model: String? = nil, attempts: Int = 1) {
        self.content = content
        self.reasoning = reasoning
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.usage = usage
        self.model = model
        self.attempts = attempts
    }
}
