/// What to ask the model. The client adds the model name (unless set here) and the streaming fields.
public struct ChatRequest: Sendable, Equatable {
    public var messages: [ChatCompletionMessage]
    /// Overrides the configured model for this call.
    public var model: String?
    public var tools: [ToolDefinition]
    public var temperature: Double?
    /// The most tokens the answer may take (`max_tokens`).
    public var maxTokens: Int?
    public var seed: Int?

    public init(messages: [ChatCompletionMessage], model: String? = nil, tools: [ToolDefinition] = [],
                temperature: Double? = nil, maxTokens: Int? = nil, seed: Int? = nil) {
        self.messages = messages
        self.model = model
        self.tools = tools
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.seed = seed
    }

    /// Refuses what every server would refuse, before a byte is sent.
    func validate() throws {
        if messages.isEmpty { throw LLMError.configuration("a chat request needs at least one message") }
        if let t = temperature, !(t >= 0 && t <= 2) { throw LLMError.configuration("temperature must be within 0...2 (got \(t))") }
        if let m = maxTokens, m <= 0 { throw LLMError.configuration("max tokens must be > 0 (got \(m))") }
    }
}

/// The JSON body of `POST /chat/completions`.
struct ChatRequestBody: Encodable {
    struct StreamOptions: Encodable { var include_usage = true }
    var model: String
    var messages: [ChatCompletionMessage]
    var tools: [ToolDefinition]?
    var temperature: Double?
    var max_tokens: Int?
    var seed: Int?
    var stream: Bool
    var stream_options: StreamOptions?

    init(_ request: ChatRequest, model: String, stream: Bool) {
        self.model = request.model ?? model
        messages = request.messages
        tools = request.tools.isEmpty ? nil : request.tools
        temperature = request.temperature
        max_tokens = request.maxTokens
        seed = request.seed
        self.stream = stream
        stream_options = stream ? StreamOptions() : nil
    }
}
