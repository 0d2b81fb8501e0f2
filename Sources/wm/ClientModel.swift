import Foundation
import LLM
import WorkingMemory

/// The glue between an `LLMClient` and the memory (DESIGN.md: the LLM target knows nothing about memory): a
/// `ToolCallingModel` that streams each answer, passing its pieces to `onText` as they arrive.
struct ClientModel: ToolCallingModel {
    let client: LLMClient
    var temperature: Double?
    var maxTokens: Int?
    /// Reasoning pieces (`reasoning_content`), for a caller that shows them apart from the answer.
    var onReasoning: (@Sendable (String) -> Void)?

    func reply(to messages: [ModelMessage], tools: [ToolSpec], onText: (@Sendable (String) -> Void)?) async throws -> ModelReply {
        let request = ChatRequest(messages: messages.map(Self.wire), tools: try tools.map(Self.wire), temperature: temperature, maxTokens: maxTokens)
        var completion: ChatCompletion?
        do {
            for try await event in client.stream(request) {
                switch event {
                case .content(let piece): onText?(piece)
                case .reasoning(let piece): onReasoning?(piece)
                case .completed(let c): completion = c
                }
            }
        } catch let error as LLMError { throw CLIError(error.description) }
        guard let completion else { throw CLIError("the model server ended the stream without an answer") }
        return ModelReply(text: completion.content,
                          toolCalls: completion.toolCalls.map { ModelToolCall(id: $0.id, name: $0.name, argumentsJSON: $0.arguments) },
                          promptTokens: completion.usage?.promptTokens, completionTokens: completion.usage?.completionTokens)
    }

    static func wire(_ m: ModelMessage) -> ChatCompletionMessage {
        switch m.role {
        case .system: return .system(m.content)
        case .user: return .user(m.content)
        case .assistant:
            let calls = m.toolCalls.map { ToolCall(id: $0.id, name: $0.name, arguments: $0.argumentsJSON) }
            return .assistant(calls.isEmpty || !m.content.isEmpty ? m.content : nil, toolCalls: calls)
        case .tool: return .tool(m.content, callID: m.toolCallID ?? "")
        }
    }

    static func wire(_ spec: ToolSpec) throws -> ToolDefinition {
        do { return try ToolDefinition(name: spec.name, description: spec.description, parameters: try JSONValue(parsing: spec.parametersJSON)) } catch let error as LLMError {
            throw CLIError("tool '\(spec.name)': \(error.description)")
        }
    }
}
