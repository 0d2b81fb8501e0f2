import ArgumentParser
import Foundation
import LLM
import Server
import WorkingMemory

/// `wm task`: multi-step tasks whose state the executive keeps (goal, plan, each step's result).
struct TaskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Run tasks step by step: the memory keeps the goal, the plan and each step's result.",
        discussion: """
        The model writes a plan; each step is one call; a last call gives the answer. Every call gets the goal, the \
        plan's state with the results so far and what the memory finds relevant, within --budget tokens, never the \
        transcript of earlier calls. The tokens sent per call are printed. With --file, the tasks run in order in \
        one session, so later tasks recall what earlier ones found. The model is chosen as in `wm chat` \
        (--provider, --base-url, --model, WM_LLM_*; --provider echo is a stand-in, not a model).
        Examples:
          wm task --provider ollama --model qwen2.5:1.5b "Plan a two-day trip to Porto"
          wm task --provider echo --file tasks.txt --session work
        """
    )

    @OptionGroup var call: ModelCallOptions
    @Option(help: "The most plan steps, 1...20.")
    var maxSteps = 5
    @Option(help: "A file with one task per line (empty lines and lines starting with # are skipped).")
    var file: String?
    @Argument(help: "The task.")
    var task: String?

    func validate() throws {
        if (task == nil) == (file == nil) { throw ValidationError("give a task or --file, not both and not neither") }
        if let task, task.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("the task is empty") }
        if !(1...20).contains(maxSteps) { throw ValidationError("--max-steps must be within 1...20 (got \(maxSteps))") }
    }

    func run() async throws {
        let tasks = try file.map(Self.readTasks) ?? [task!]
        try await call.withModel { session, model, toolbox, _ in
            for (n, text) in tasks.enumerated() {
                if tasks.count > 1 { ChatOutput.line("task \(n + 1) of \(tasks.count): \(text)") }
                let report: TaskReport
                do {
                    report = try await session.runTask(text, with: model, budget: call.budget, maxSteps: maxSteps, tools: toolbox, progress: Self.show)
                } catch let error as MemoryError { throw CLIError(error) }
                let sent = report.calls.map(\.tokensSent)
                ChatOutput.line("tokens sent per call: \(zip(report.calls, sent).map { "\($0.purpose) \($1)" }.joined(separator: ", ")) (total \(sent.reduce(0, +)), budget \(call.budget) per call)")
            }
        }
    }

    @Sendable static func show(_ p: TaskProgress) {
        switch p {
        case .planned(let goal, let steps):
            ChatOutput.line("goal \(goal.id): \(goal.text)")
            for s in steps { ChatOutput.line("  \(s.position + 1). \(s.text)") }
        case .stepDone(let step, let calls):
            ChatOutput.line("step \(step.position + 1) [\(step.status.rawValue)]: \(step.result ?? "")")
            ChatOutput.line("  (\(ChatReport.costs(calls)))")
        case .answered(let answer, let calls):
            ChatOutput.line("answer: \(answer)")
            ChatOutput.line("  (\(ChatReport.costs(calls)))")
        }
    }

    static func readTasks(_ path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read the task file '\(path)'") }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError("the task file '\(path)' is not UTF-8 text") }
        let tasks = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        if tasks.isEmpty { throw CLIError("the task file '\(path)' holds no task (one per line)") }
        return tasks
    }
}
