import Foundation

/// Where the model is and how to call it. Build one with `resolve` (flags over `WM_LLM_*` variables over the
/// provider's defaults) or directly.
public struct LLMConfiguration: Sendable, Equatable, CustomStringConvertible {
    /// The API root, without a trailing slash: `<baseURL>/chat/completions`, `<baseURL>/embeddings`.
    public var baseURL: String
    public var model: String
    /// Never printed: `description` shows whether there is one, not what it is.
    public var apiKey: APIKey?
    /// The model for `/embeddings`; nil uses `model`.
    public var embeddingModel: String?
    public var timeouts: LLMTimeouts
    public var retry: RetryPolicy
    public var provider: Provider?

    /// - Throws: `LLMError.configuration` for a base URL that is not http(s), an empty model, bad timeouts.
    public init(baseURL: String, model: String, apiKey: APIKey? = nil, embeddingModel: String? = nil,
                timeouts: LLMTimeouts = LLMTimeouts(), retry: RetryPolicy = RetryPolicy(), provider: Provider? = nil) throws {
        var base = baseURL.trimmingCharacters(in: .whitespacesAndNewlines)
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty else {
            throw LLMError.configuration("the base URL '\(baseURL)' is not an http(s) URL like http://localhost:11434/v1")
        }
        if model.trimmingCharacters(in: .whitespaces).isEmpty { throw LLMError.configuration("the model name is empty") }
        try timeouts.validate()
        if retry.maxRetries < 0 { throw LLMError.configuration("retries must be >= 0 (got \(retry.maxRetries))") }
        self.baseURL = base
        self.model = model
        self.apiKey = apiKey
        self.embeddingModel = embeddingModel
        self.timeouts = timeouts
        self.retry = retry
        self.provider = provider
    }

    public var description: String {
        "\(provider.map { "\($0.rawValue) " } ?? "")\(baseURL) model \(model), \(apiKey == nil ? "no key" : "key set")"
    }

    /// The environment variables read, by name.
    public enum Variable {
        public static let baseURL = "WM_LLM_BASE_URL"
        public static let model = "WM_LLM_MODEL"
        public static let apiKey = "WM_LLM_API_KEY"
    }

    /// Flags first, then `WM_LLM_BASE_URL` / `WM_LLM_MODEL` / `WM_LLM_API_KEY`, then the provider's defaults.
    /// - Throws: `LLMError.configuration` naming what is missing and how to set it.
    public static func resolve(provider: Provider?, baseURL: String?, model: String?,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               timeouts: LLMTimeouts = LLMTimeouts(), retry: RetryPolicy = RetryPolicy()) throws -> LLMConfiguration {
        func nonEmpty(_ s: String?) -> String? { s.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        guard let base = nonEmpty(baseURL) ?? nonEmpty(environment[Variable.baseURL]) ?? provider?.defaultBaseURL else {
            throw LLMError.configuration("no model server: give --provider (\(Provider.allCases.map(\.rawValue).joined(separator: ", "))) or --base-url, or set \(Variable.baseURL)")
        }
        guard let name = nonEmpty(model) ?? nonEmpty(environment[Variable.model]) ?? provider?.defaultModel else {
            throw LLMError.configuration("no model name: give --model or set \(Variable.model) (the name the server serves, e.g. `ollama list`)")
        }
        let key = try nonEmpty(environment[Variable.apiKey]).map(APIKey.init)
        if key == nil, let provider, provider.needsKey {
            throw LLMError.configuration("\(provider.rawValue) needs an API key: set \(Variable.apiKey)")
        }
        return try LLMConfiguration(baseURL: base, model: name, apiKey: key, timeouts: timeouts, retry: retry, provider: provider)
    }
}
