import ArgumentParser
import Foundation
import WorkingMemory

/// `wm eval bench`: indexing and query speed of the lexical ranking (a benchmark, not a test).
struct EvalBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time indexing and querying of the BM25 index and the full retriever on an items file.",
        discussion: """
            All items form one corpus (copied --copies times, ids suffixed, to test scale). Prints one JSON \
            object: items, queries, index seconds, query seconds (BM25 top 10 and the fused retriever top 10), \
            p50/p99 query latency. scripts/bench/bench_retrieval.sh runs it beside rank_bm25 and bm25s and prints ratios.
            """
    )

    @Option(help: "Memory items, JSONL (as for `wm eval retrieval`).") var items: String
    @Option(help: "Questions, JSONL.") var queries: String
    @Option(help: "Copies of the corpus to index.") var copies: Int = 1
    @Option(help: "Questions to time (from the start of the file).") var maxQueries: Int = 2000

    func validate() throws {
        guard (1...1000).contains(copies) else { throw ValidationError("--copies must be within 1...1000, got \(copies)") }
        guard maxQueries >= 1 else { throw ValidationError("--max-queries must be at least 1, got \(maxQueries)") }
    }

    func run() async throws {
        guard let itemData = FileManager.default.contents(atPath: items) else { throw MemoryError.notFound("cannot read '\(items)'") }
        guard let queryData = FileManager.default.contents(atPath: queries) else { throw MemoryError.notFound("cannot read '\(queries)'") }
        let itemList = try EvaluationItem.parseLines(itemData, source: items)
        let questions = try EvaluationQuery.parseLines(queryData, source: queries).prefix(maxQueries).map(\.question)
        let analyzer = TextAnalyzer()

        // BM25 alone: analyze + index, then top 10 per question.
        var t0 = Date()
        var index = LexicalIndex()
        for c in 0..<copies {
            for item in itemList { try index.add(id: "\(item.group)/\(item.id)#\(c)", terms: analyzer.terms(item.text)) }
        }
        let bm25Index = Date().timeIntervalSince(t0)
        var bm25Latencies: [Double] = []
        var hits = 0
        t0 = Date()
        for q in questions {
            let s = Date()
            hits += index.search(analyzer.terms(q), limit: 10).count
            bm25Latencies.append(Date().timeIntervalSince(s))
        }
        let bm25Query = Date().timeIntervalSince(t0)

        // The fused retriever (episodes = group + session, dates, speakers).
        t0 = Date()
        var retriever = Retriever()
        for c in 0..<copies {
            for item in itemList {
                try retriever.add(RetrievalDocument(id: "\(item.group)/\(item.id)#\(c)", text: item.text, date: item.date,
                                                    speaker: item.speaker, episode: item.session.map { "\(item.group)/\($0)#\(c)" }))
            }
        }
        let fusedIndex = Date().timeIntervalSince(t0)
        var fusedLatencies: [Double] = []
        var scratch = RetrievalScratch()
        t0 = Date()
        for q in questions {
            let s = Date()
            hits += retriever.search(RetrievalQuery(q, limit: 10), scratch: &scratch).count
            fusedLatencies.append(Date().timeIntervalSince(s))
        }
        let fusedQuery = Date().timeIntervalSince(t0)

        func pct(_ xs: [Double], _ p: Double) -> Double {
            let s = xs.sorted()
            return s.isEmpty ? 0 : s[min(s.count - 1, Int((Double(s.count) * p).rounded(.up)) - 1)] * 1000
        }
        let report: [String: Any] = [
            "system": "wm", "items": itemList.count * copies, "queries": questions.count, "hits": hits,
            "bm25_index_s": bm25Index, "bm25_query_s": bm25Query, "bm25_p50_ms": pct(bm25Latencies, 0.5), "bm25_p99_ms": pct(bm25Latencies, 0.99),
            "fused_slowest": fusedLatencies.indices.sorted { fusedLatencies[$0] > fusedLatencies[$1] }.prefix(3).map { "\(questions[$0]) (\(String(format: "%.1f", fusedLatencies[$0] * 1000)) ms)" },
            "fused_index_s": fusedIndex, "fused_query_s": fusedQuery, "fused_p50_ms": pct(fusedLatencies, 0.5), "fused_p99_ms": pct(fusedLatencies, 0.99),
        ]
        let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }
}
