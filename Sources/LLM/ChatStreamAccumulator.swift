import Foundation

/// Folds the chunks of a streamed chat completion into the pieces to show now and the completion at the end.
///
/// Tool calls arrive as fragments keyed by `index`: the first names the call (`id`, `function.name`), the next
/// ones append to `function.arguments`. Ollama gives every call of a parallel answer `index` 0, each whole in
/// one chunk with its own `id` (ollama issue 15457; the Vercel AI SDK's fix in vercel/ai pull 14277 does the
/// same as here): a fragment whose `id` differs from the call held at its index starts a new call.
struct ChatStreamAccumulator {
    private var content = ""
    private var reasoning = ""
    private var calls: [ToolCall] = []
    /// The position in `calls` of the call each wire index currently names.
    private var callAt: [Int: Int] = [:]
    private var finishReason: String?
    private var usage: TokenUsage?
    private var model: String?

    /// Applies one decoded chunk; returns the text pieces it carried. - Throws: `LLMError.stream` for an error object.
    mutating func apply(_ chunk: WireCompletion) throws -> [ChatStreamEvent] {
        if let error = chunk.error { throw LLMError.stream(message: error.message, type: error.type, code: error.code) }
        if let m = chunk.model, !m.isEmpty { model = m }
        if let u = chunk.usage { usage = u.usage }  // the include_usage chunk: `choices` is empty
        var out: [ChatStreamEvent] = []
        // One answer is asked for (n = 1); a server that sends more choices gets its first one read.
        for choice in chunk.choices ?? [] where (choice.index ?? 0) == 0 {
            if let reason = choice.finish_reason { finishReason = reason }
            guard let delta = choice.delta ?? choice.message else { continue }
            if let r = delta.reasoningText, !r.isEmpty { reasoning += r; out.append(.reasoning(r)) }
            if let c = delta.content, !c.isEmpty { content += c; out.append(.content(c)) }
            for fragment in delta.tool_calls ?? [] { join(fragment) }
        }
        return out
    }

    private mutating func join(_ fragment: WireToolCallDelta) {
        let index = fragment.index ?? 0
        let id = fragment.id ?? ""
        if let at = callAt[index], id.isEmpty || calls[at].id.isEmpty || calls[at].id == id {
            if calls[at].id.isEmpty { calls[at].id = id }
            if calls[at].name.isEmpty, let name = fragment.function?.name { calls[at].name = name }
            calls[at].arguments += fragment.argumentsText ?? ""
        } else {
            callAt[index] = calls.count
            calls.append(ToolCall(id: id, name: fragment.function?.name ?? "", arguments: fragment.argumentsText ?? ""))
        }
    }

    /// The completion so far. Calls the server left without an id get one, so tool results can answer them.
    func completion(attempts: Int) -> ChatCompletion {
        let named = calls.enumerated().map { i, call in
            var call = call
            if call.id.isEmpty { call.id = "call_\(i)" }
            return call
        }
        return ChatCompletion(content: content, reasoning: reasoning, toolCalls: named, finishReason: finishReason,
                              usage: usage, model: model, attempts: attempts)
    }
}
