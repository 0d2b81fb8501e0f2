import LLM

/// The memory proxy's settings: the upstream model server (its key is the server's, never a caller's) and the
/// context budget of a call that sends no `X-WM-Budget`.
public struct ProxyConfiguration: Sendable {
    public var upstream: LLMConfiguration
    /// Tokens of assembled context per call, by the memory's count (the caller's system message comes on top).
    public var defaultBudget: Int

    public init(upstream: LLMConfiguration, defaultBudget: Int = 1024) {
        self.upstream = upstream
        self.defaultBudget = defaultBudget
    }

    /// - Throws: `ServerConfigurationError` for a budget out of 1...1,000,000.
    public func validate() throws {
        if !(1...MemoryAPI.maxBudget).contains(defaultBudget) {
            throw ServerConfigurationError("the proxy's default budget must be in 1...\(MemoryAPI.maxBudget) tokens (got \(defaultBudget))")
        }
    }
}
