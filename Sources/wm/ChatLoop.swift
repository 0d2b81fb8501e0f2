import Foundation
import LLM
import WorkingMemory

/// The turns of `wm chat`: read a line, run a command or send a message with its assembled context, stream the
/// answer, receive both into memory.
struct ChatLoop {
    let session: MemorySession
    let model: ClientModel
    var budget: Int
    let toolbox: (any ToolProvider)?
    /// The context sent with the last message (for /inspect and /why).
    var last: AssembledContext?
    var failures = 0
    /// Set in a terminal: Ctrl-C stops the answer being written.
    var interrupt: ChatInterrupt?

    init(session: MemorySession, model: ClientModel, budget: Int, toolbox: (any ToolProvider)?) {
        self.session = session
        self.model = model
        self.budget = budget
        self.toolbox = toolbox
    }

    func banner(_ configuration: LLMConfiguration, echo: Bool) -> String {
        let who = echo ? "the echo stand-in (not a model: it repeats what it is sent)" : "\(configuration.model) at \(configuration.baseURL)"
        let resumed = session.turn > 0 ? "resuming session \(session.namespace) (\(session.items.count) items, turn \(session.turn))" : "new session \(session.namespace)"
        return "\(resumed); chatting with \(who); \(budget) tokens of context per message; /help for commands"
    }

    /// Reads standard input to its end or /quit. - Throws: `CLIError` when messages failed (after the others ran).
    mutating func run() async throws {
        let interactive = ChatOutput.interactive
        if interactive {
            interrupt = ChatInterrupt()
            interrupt?.install()
        }
        while true {
            if interactive { ChatOutput.out("you> ") }
            guard let raw = readLine(strippingNewline: true) else { break }
            let command = ChatCommandLine(raw)
            if command == .quit { break }
            do { try await perform(command) } catch {
                failures += 1
                ChatOutput.note("Error: \((error as? CLIError)?.description ?? (error as? MemoryError)?.description ?? "\(error)")")
            }
        }
        if interactive { ChatOutput.out("\n") }
        if failures > 0 { throw CLIError("\(failures) message\(failures == 1 ? "" : "s") failed (see above)") }
    }

    mutating func perform(_ command: ChatCommandLine) async throws {
        switch command {
        case .message(let text): try await send(text)
        case .empty, .quit: return
        case .help: ChatOutput.line(ChatCommandLine.helpText)
        case .invalid(let why): throw CLIError(why)
        case .budget(let n):
            budget = n
            ChatOutput.line("budget: \(n) tokens of context per message")
        case .inspect:
            guard let last else { ChatOutput.line("nothing sent yet"); return }
            ChatOutput.line(ChatReport.context(last))
        case .why(let id): ChatOutput.line(try ChatReport.why(id, session: session, last: last))
        case .goals: ChatOutput.line(ChatReport.goals(session.executive))
        case .facts: ChatOutput.line(ChatReport.facts(session.sketchpad))
        case .pin(let id):
            try session.pin(id)
            ChatOutput.line("item \(id) pinned: it will not fade")
        case .forget(let id):
            try session.delete(id)
            ChatOutput.line("item \(id) deleted")
        case .clear:
            try session.clear(.workingState)
            last = nil
            ChatOutput.line("working state cleared: recent turns and goals are empty; memories and facts stay")
        }
    }

    /// One message: the context is assembled first (so the message is not in it twice), the message is received,
    /// the answer streams out and is received too.
    mutating func send(_ text: String) async throws {
        let context = try session.context(for: text, budget: budget)
        last = context
        try session.receive(MemoryEvent(.user, text, time: max(Date(), session.now)))
        let (session, model, toolbox, budget) = (self.session, self.model, self.toolbox, self.budget)
        let messages = context.messages.map(ModelMessage.init)
        let converse = { @Sendable in
            try await session.converse(messages, with: model, tools: toolbox, maxRounds: toolbox == nil ? 1 : 6, budget: budget,
                                       onText: { ChatOutput.out($0) })
        }
        let finished: ModelExchange?
        if let interrupt { finished = try await interrupt.during(converse) } else { finished = try await converse() }
        ChatOutput.out("\n")
        guard let exchange = finished else {
            ChatOutput.note("  (answer stopped; your message is kept, the answer is not)")
            return
        }
        let answer = exchange.text.trimmingCharacters(in: .whitespacesAndNewlines)
        try session.receive(MemoryEvent(.assistant, answer.isEmpty ? "(empty answer)" : answer, time: max(Date(), session.now)))
        for call in exchange.toolCalls { ChatOutput.note("  tool \(call.name)(\(call.argumentsJSON)) \(call.outcome.isError ? "failed" : "->") \(clip(call.outcome.text.split(whereSeparator: \.isNewline).joined(separator: " / "), 120))") }
        ChatOutput.note("  [\(ChatReport.costs(exchange.calls, budget: budget))]")
    }
}
