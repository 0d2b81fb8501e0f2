import ArgumentParser
import Foundation
import WorkingMemory

/// `wm eval retrieval`: rank every question's memory items and write the rankings as JSONL.
struct EvalRetrieval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retrieval",
        abstract: "Rank the memory items of each question and write the rankings (JSONL).",
        discussion: """
            ITEMS: one memory item per line: item_id, text, a group key (conv_id, or corpus_id when absent), \
            optional session_date_iso / date_iso, speaker, session, blip_caption. Each group is ingested into a \
            fresh memory, in file order.
            QUERIES: one question per line: qid, the group key, question, optional question_date_iso.
            Output: one line per question, {"qid": ..., "ranked_ids": [...]}, best first.

            Example (LoCoMo):
              wm eval retrieval --items $WM_EVAL_DATA/queries/locomo_items.jsonl \\
                --queries $WM_EVAL_DATA/queries/locomo_queries.jsonl --out /tmp/rankings.jsonl
              wm eval score --queries $WM_EVAL_DATA/queries/locomo_queries.jsonl --rankings /tmp/rankings.jsonl
            """
    )

    @Option(help: "Memory items, JSONL.") var items: String
    @Option(help: "Questions, JSONL.") var queries: String
    @Option(help: "Where to write the rankings, JSONL.") var out: String
    @Option(help: "Ids per ranking.") var k: Int = 50
    @Option(help: "Retriever configuration, JSON; fields left out keep their defaults (see RetrievalConfiguration).")
    var config: String?
    @Flag(help: "Do not index image captions (blip_caption) with their items.") var noCaptions = false

    func validate() throws {
        guard k > 0 else { throw ValidationError("--k must be positive, got \(k)") }
        try OutputFile.check(out, flag: "--out", inputs: [("--items", items), ("--queries", queries), ("--config", config)])
    }

    func run() async throws {
        var configuration = RetrievalConfiguration()
        if let config {
            let data = try InputFile.read(config, flag: "--config")
            do {
                configuration = try JSONDecoder().decode(RetrievalConfiguration.self, from: data)
            } catch let e as DecodingError {
                throw CLIError("--config '\(config)': not a retrieval configuration: \(JSONErrorText.describe(e, in: data))")
            }
        }
        let started = Date()
        let itemList = try CLIErrorWrap { try EvaluationItem.parseLines(try InputFile.read(items, flag: "--items"), source: items) }
        let queryList = try CLIErrorWrap { try EvaluationQuery.parseLines(try InputFile.read(queries, flag: "--queries"), source: queries) }
        let evaluation = RetrievalEvaluation(configuration: configuration, includesCaptions: !noCaptions)
        let rankings = try CLIErrorWrap { try evaluation.rank(items: itemList, queries: queryList, k: k) }
        try OutputFile.write(try CLIErrorWrap { try RetrievalEvaluation.jsonLines(rankings) }, to: out, flag: "--out")
        let seconds = Date().timeIntervalSince(started)
        FileHandle.standardError.write(Data("ranked \(queryList.count) questions over \(itemList.count) items in \(String(format: "%.2f", seconds)) s -> \(out)\n".utf8))
    }
}
