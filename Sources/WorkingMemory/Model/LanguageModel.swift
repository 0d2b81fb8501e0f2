/// A chat model: messages in, text out. The LLM clients (OpenAI-compatible endpoints) conform to it; tests use a
/// fake. `MemorySession.execute` calls it with the assembled context.
public protocol LanguageModel: Sendable {
    /// - Parameter messages: the conversation, system message first, the question last.
    /// - Returns: the model's answer.
    func complete(_ messages: [ChatMessage]) async throws -> String
}
