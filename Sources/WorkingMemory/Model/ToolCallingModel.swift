/// A chat model that can call tools and report its token counts; the LLM clients conform through their adapter.
/// Every such model is also a plain `LanguageModel`.
public protocol ToolCallingModel: LanguageModel {
    /// - Parameters:
    ///   - messages: the conversation so far, system message first.
    ///   - tools: the tools offered (empty: none).
    ///   - onText: called with each piece of the answer as it arrives (streaming models), for display.
    func reply(to messages: [ModelMessage], tools: [ToolSpec], onText: (@Sendable (String) -> Void)?) async throws -> ModelReply
}

extension ToolCallingModel {
    public func complete(_ messages: [ChatMessage]) async throws -> String {
        try await reply(to: messages.map(ModelMessage.init), tools: [], onText: nil).text
    }
}
