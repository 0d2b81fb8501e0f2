/// What a streamed call yields, in order: pieces of reasoning and of the answer as they arrive, then the whole
/// completion (tool calls joined, usage when the server sent it) exactly once, last.
public enum ChatStreamEvent: Sendable, Equatable {
    case reasoning(String)
    case content(String)
    case completed(ChatCompletion)
}
