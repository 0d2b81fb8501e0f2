import ArgumentParser
import Foundation
import LLM
import Server
import WorkingMemory

/// `wm chat`: a conversation with a model in which every request carries the context the working memory
/// assembles under the budget, not the transcript.
struct Chat: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Chat with a model through the working memory (streamed answers, in-chat commands, resumable).",
        discussion: """
        Each message is sent with the context the memory assembles for it within --budget tokens (goals, facts, \
        relevant memories, recent turns), never the whole transcript. Answers stream as they arrive; token counts \
        go to standard error. Type /help for the in-chat commands. The session is saved after every message and \
        resumes when the same --session is given again. Piped standard input is read one message per line. The \
        model: --provider (ollama, llamacpp, vllm, openai, dashscope) or --base-url, with --model, or \
        WM_LLM_BASE_URL, WM_LLM_MODEL; the key from WM_LLM_API_KEY. --provider echo starts a stand-in on loopback \
        that repeats what it is sent: it is not a model, it shows the path without one.
        Examples:
          wm chat --provider ollama --model qwen2.5:1.5b --session trip
          echo "My sister Ana lives in Porto." | wm chat --provider echo
          WM_LLM_BASE_URL=http://localhost:8080/v1 wm chat --budget 2048
        """
    )

    @OptionGroup var memory: MemoryOptions
    @OptionGroup var llm: LLMOptions
    @Option(help: "Tokens of context sent with each message.")
    var budget = 1024
    @Option(help: "The most tokens an answer may take.")
    var maxTokens: Int?
    @Option(help: "Sampling temperature, 0...2.")
    var temperature: Double?
    @Flag(help: "Show the model's reasoning (reasoning_content) on standard error, apart from the answer.")
    var showReasoning = false
    @Flag(help: "Offer the model the memory's MCP tools (remember, recall, get_context, forget, set_fact, get_facts, explain, push_goal, update_step).")
    var tools = false

    func validate() throws {
        if budget <= 0 { throw ValidationError("--budget must be > 0 tokens (got \(budget))") }
        if let maxTokens, maxTokens <= 0 { throw ValidationError("--max-tokens must be > 0 (got \(maxTokens))") }
        if let temperature, !(0...2).contains(temperature) { throw ValidationError("--temperature must be within 0...2 (got \(temperature))") }
    }

    func run() async throws {
        try await llm.withClient { (client: LLMClient) -> Void in try await converse(client) }
    }

    private func converse(_ client: LLMClient) async throws {
        let session = try memory.openOrCreate()
        var reasoning: (@Sendable (String) -> Void)?
        if showReasoning { reasoning = Self.showThinking }
        let model = ClientModel(client: client, temperature: temperature, maxTokens: maxTokens, onReasoning: reasoning)
        var loop = ChatLoop(session: session, model: model, budget: budget, toolbox: tools ? SessionToolProvider(session: session) : nil)
        ChatOutput.note(loop.banner(client.configuration, echo: llm.isEcho))
        try await loop.run()
    }

    @Sendable static func showThinking(_ piece: String) { ChatOutput.note("  (thinking) \(piece)") }
}
