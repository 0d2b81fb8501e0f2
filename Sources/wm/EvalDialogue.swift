import ArgumentParser
import Foundation
import WorkingMemory

/// `wm eval dialogue`: evidence-in-prompt recall and prompt size of the memory's context against the whole
/// conversation and the last turns that fit the same budget.
struct EvalDialogue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dialogue",
        abstract: "Prompt tokens and evidence-in-prompt recall: memory context vs whole conversation vs last turns.",
        discussion: """
            For each question (categories 1-4) the prompt is built (a) from the working memory's context at each \
            budget, (b) from the whole conversation, (c) from the last turns that fit the same budget; printed: \
            mean prompt tokens and the share of the gold evidence turns that reached the prompt. Files as for `wm \
            eval retrieval` (the LoCoMo files, see docs/llm.md). No model is needed.
            Example:
              wm eval dialogue --items locomo_items.jsonl --queries locomo_queries.jsonl --budgets 512,1024,2048
            """
    )

    @Option(help: "Conversation turns, JSONL (one memory item per line).") var items: String
    @Option(help: "Questions, JSONL, with evidence_ids and category.") var queries: String
    @Option(help: "Token budgets, comma-separated.") var budgets = "512,1024,2048"
    @Option(help: "Only the first N conversations.") var conversations: Int?

    func run() throws {
        let list = budgets.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !list.isEmpty, list.allSatisfy({ ($0 ?? 0) > 0 }) else { throw ValidationError("--budgets must be positive integers like 512,1024,2048 (got '\(budgets)')") }
        if let conversations, conversations <= 0 { throw ValidationError("--conversations must be > 0") }
        var itemList = try CLIErrorWrap { try EvaluationItem.parseLines(try Self.read(items), source: items) }
        let queryList = try CLIErrorWrap { try EvaluationQuery.parseLines(try Self.read(queries), source: queries) }
        if let conversations {
            var kept: [String] = []
            for i in itemList where !kept.contains(i.group) { kept.append(i.group) }
            let keep = Set(kept.prefix(conversations))
            itemList = itemList.filter { keep.contains($0.group) }
        }
        let groups = Set(itemList.map(\.group))
        let started = Date()
        let rows = try CLIErrorWrap {
            try DialogueEvaluation(budgets: list.compactMap { $0 }).run(items: itemList, queries: queryList.filter { groups.contains($0.group) },
                                                                         progress: { FileHandle.standardError.write(Data("  \($0)\n".utf8)) })
        }
        print(Self.table(rows))
        FileHandle.standardError.write(Data("done in \(fmt(Date().timeIntervalSince(started), 1)) s\n".utf8))
    }

    static func table(_ rows: [DialogueEvaluation.Row]) -> String {
        let categories = Array(Set(rows.flatMap { $0.recallByCategory.keys })).sorted()
        var out = ["prompt                  questions  mean tokens  evidence recall  " + categories.map { "cat \($0)" }.joined(separator: "   ")]
        for r in rows {
            let name = r.strategy + (r.budget.map { " \($0)" } ?? "")
            let cats = categories.map { fmt(r.recallByCategory[$0] ?? 0) }.joined(separator: "  ")
            out.append(name.padding(toLength: 24, withPad: " ", startingAt: 0) + String(r.questions).leftPad(9) + fmt(r.meanTokens, 0).leftPad(13)
                       + fmt(r.recall).leftPad(17) + "  " + cats)
        }
        if let whole = rows.first(where: { $0.budget == nil }) {
            for r in rows where r.strategy == "memory" {
                out.append("memory \(r.budget!): \(fmt(whole.meanTokens / max(r.meanTokens, 1), 1))x fewer prompt tokens than the whole conversation; recall \(fmt(r.recall)) vs last turns \(fmt(rows.first { $0.strategy == "last turns" && $0.budget == r.budget }?.recall ?? 0))")
            }
        }
        return out.joined(separator: "\n")
    }

    static func read(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else { throw MemoryError.notFound("cannot read '\(path)': no such file or not readable") }
        return data
    }
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
