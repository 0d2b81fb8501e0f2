import ArgumentParser
import Foundation
import WorkingMemory

/// `wm context`: assemble the budgeted context for a query.
struct ContextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "context",
        abstract: "Assemble the context an LLM would get for a query, within a token budget.",
        discussion: """
        Prints the sections (goals and plan, known facts, relevant memories, recent turns) or, with
        --messages, the chat messages as JSON. Memories that reach the context are refreshed (used).
        Examples:
          wm context "What colour do I like?"
          wm context --budget 200 --messages "When is my flight?"
        """
    )

    @OptionGroup var options: MemoryOptions
    @Option(help: "Token budget of the whole context (messages included).")
    var budget = 512
    @Flag(help: "Print the chat messages as JSON instead of the sections.")
    var messages = false
    @Argument(help: "The query or task.")
    var query: String

    func run() throws {
        let session = try options.existingSession()
        let context: AssembledContext
        do { context = try session.context(for: query, budget: budget) } catch { throw CLIError(error) }
        if messages {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(context.messages), as: UTF8.self))
            return
        }
        print(render(context))
    }
}

/// The sections of a context as text, with the token count.
func render(_ context: AssembledContext) -> String {
    var out = ["context for \"\(Terminal.safe(context.query))\": \(context.tokens)/\(context.budget) tokens"]
    for section in context.sections where !section.lines.isEmpty {
        out.append("## \(section.kind.title)")
        for line in section.lines {
            let score = line.score.map { "  (score \(fmt($0)))" } ?? ""
            let text = Terminal.safe(line.text, keepNewlines: true).replacingOccurrences(of: "\n", with: "\n      ")
            out.append(section.kind == .recentTurns ? "  \(line.role?.rawValue ?? "?"): \(text)" : "  \(text)\(score)")
        }
    }
    return out.joined(separator: "\n")
}
