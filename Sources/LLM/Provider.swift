/// The OpenAI-compatible servers we know, with the address each listens on by default.
public enum Provider: String, Sendable, CaseIterable {
    case ollama, llamacpp, vllm, openai, dashscope

    /// The base URL the provider's documentation gives (chat completions live at `<base>/chat/completions`).
    public var defaultBaseURL: String {
        switch self {
        case .ollama: return "http://localhost:11434/v1"  // Ollama's OpenAI compatibility (port 11434)
        case .llamacpp: return "http://localhost:8080/v1"  // llama.cpp `llama-server` (default --port 8080)
        case .vllm: return "http://localhost:8000/v1"  // `vllm serve` (default --port 8000)
        case .openai: return "https://api.openai.com/v1"
        case .dashscope: return "https://dashscope.aliyuncs.com/compatible-mode/v1"  // Qwen, compatible mode
        }
    }

    /// A model name to use when none is configured; nil where the server serves what the user pulled or loaded.
    public var defaultModel: String? {
        switch self {
        case .llamacpp: return "default"  // llama-server answers with the one model it loaded, whatever the name
        case .openai: return "gpt-4o-mini"
        case .dashscope: return "qwen-plus"
        case .ollama, .vllm: return nil
        }
    }

    /// Whether the hosted API refuses calls without a key.
    public var needsKey: Bool { self == .openai || self == .dashscope }
}
