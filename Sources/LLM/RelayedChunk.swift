/// What `LLMClient.relay` yields: each chunk as the server wrote it (the JSON text of one `data:` line), then the
/// completion folded from them, once, last.
public enum RelayedChunk: Sendable, Equatable {
    case chunk(String)
    case completed(ChatCompletion)
}
