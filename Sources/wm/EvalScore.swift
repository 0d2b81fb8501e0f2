import ArgumentParser
import Foundation
import WorkingMemory

/// `wm eval score`: recall@k of rankings against the questions' evidence.
struct EvalScore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Print recall@1/5/10/20 of rankings, overall (evaluated questions, category 1-4) and per category.",
        discussion: "recall@k of a question = the share of its evidence_ids found in the top k of its ranking."
    )

    @Option(help: "Questions with evidence_ids, category, evaluated (JSONL).") var queries: String
    @Option(help: "Rankings written by `wm eval retrieval` (JSONL).") var rankings: String

    func run() async throws {
        guard let q = FileManager.default.contents(atPath: queries) else { throw MemoryError.notFound("cannot read '\(queries)'") }
        guard let r = FileManager.default.contents(atPath: rankings) else { throw MemoryError.notFound("cannot read '\(rankings)'") }
        let report = RecallReport(queries: try EvaluationQuery.parseLines(q, source: queries),
                                  rankings: try RetrievalEvaluation.parseRankings(r, source: rankings))
        print(report.table)
    }
}
