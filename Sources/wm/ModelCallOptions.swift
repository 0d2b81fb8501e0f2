import ArgumentParser
import LLM
import Server
import WorkingMemory

/// What `wm chat` and `wm task` share: the memory session, the model, the tokens of context per call, the cap on
/// an answer and the memory's tools. One place opens the session and the client, so both commands set up the
/// model the same way.
struct ModelCallOptions: ParsableArguments {
    @OptionGroup var memory: MemoryOptions
    @OptionGroup var llm: LLMOptions
    @Option(help: "Tokens of context sent with each model call.")
    var budget = 1024
    @Option(help: "The most tokens an answer may take.")
    var maxTokens: Int?
    @Flag(help: "Offer the model the memory's MCP tools (remember, recall, get_context, forget, set_fact, get_facts, explain, push_goal, update_step).")
    var tools = false

    func validate() throws {
        if budget <= 0 { throw ValidationError("--budget must be > 0 tokens (got \(budget))") }
        if let maxTokens, maxTokens <= 0 { throw ValidationError("--max-tokens must be > 0 (got \(maxTokens))") }
    }

    /// Opens (or creates) the session and the model client, runs `body`, and shuts the client down.
    /// - Parameters:
    ///   - temperature: sampling temperature, nil for the server's default.
    ///   - onReasoning: where the model's reasoning pieces go, if shown.
    ///   - body: gets the session, the model, the tools (nil without --tools) and the client.
    func withModel(temperature: Double? = nil, onReasoning: (@Sendable (String) -> Void)? = nil,
                   _ body: (MemorySession, ClientModel, SessionToolProvider?, LLMClient) async throws -> Void) async throws {
        try await llm.withClient { (client: LLMClient) -> Void in
            let session = try memory.openOrCreate()
            let model = ClientModel(client: client, temperature: temperature, maxTokens: maxTokens, onReasoning: onReasoning)
            try await body(session, model, tools ? SessionToolProvider(session: session) : nil, client)
        }
    }
}
