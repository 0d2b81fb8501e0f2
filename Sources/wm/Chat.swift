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

    @OptionGroup var call: ModelCallOptions
    @Option(help: "Sampling temperature, 0...2.")
    var temperature: Double?
    @Flag(help: "Show the model's reasoning (reasoning_content) on standard error, apart from the answer.")
    var showReasoning = false

    func validate() throws {
        if let temperature, !(0...2).contains(temperature) { throw ValidationError("--temperature must be within 0...2 (got \(temperature))") }
    }

    func run() async throws {
        try await call.withModel(temperature: temperature, onReasoning: showReasoning ? Self.showThinking : nil) { session, model, toolbox, client in
            var loop = ChatLoop(session: session, model: model, budget: call.budget, toolbox: toolbox)
            ChatOutput.note(loop.banner(client.configuration, echo: call.llm.isEcho))
            try await loop.run()
        }
    }

    @Sendable static func showThinking(_ piece: String) { ChatOutput.note("  (thinking) \(piece)") }
}
