/// Tokens one call cost, as the server counted them (`usage` in the response or in the last stream chunk).
public struct TokenUsage: Sendable, Equatable, Codable {
    public var promptTokens: Int
    public var completionTokens: Int
    public var totalTokens: Int
    /// Of the completion, the tokens spent on reasoning (OpenAI's `completion_tokens_details`), if reported.
    public var reasoningTokens: Int?

    public init(promptTokens: Int, completionTokens: Int, totalTokens: Int? = nil, reasoningTokens: Int? = nil) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens ?? promptTokens + completionTokens
        self.reasoningTokens = reasoningTokens
    }
}
