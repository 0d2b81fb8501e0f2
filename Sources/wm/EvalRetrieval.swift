import ArgumentParser
import Embeddings
import Foundation
import LLM
import Neural
import Server
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
            With --model (a sentence-transformers folder, all-MiniLM-L6-v2) or --embeddings-url (an \
            OpenAI-compatible embeddings API) the ranking is hybrid: each question's cosine similarity to \
            every item joins the lexical signals as the signal "vector" (weight weights.extra.vector).

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
    @Option(help: "A sentence-transformers model folder (all-MiniLM-L6-v2): rank by the hybrid of the lexical signals and vector similarity.")
    var model: String?
    @Option(name: .customLong("embeddings-url"), help: "Instead of --model: an OpenAI-compatible embeddings API root (e.g. http://127.0.0.1:8089/v1).")
    var embeddingsURL: String?
    @Option(name: .customLong("embeddings-model"), help: "The model to ask --embeddings-url for.")
    var embeddingsModel = "multilingual-e5-small"
    @Option(help: "Safetensors cache of the item and question vectors (tensors items, queries): read when the file exists, else written after embedding (tuning runs then skip the encoder).")
    var vectors: String?

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
        var evaluation = RetrievalEvaluation(configuration: configuration, includesCaptions: !noCaptions)
        if let path = vectors, FileManager.default.fileExists(atPath: path) {
            let file = try CLIErrorWrap { try Safetensors(contentsOf: path) }
            let items = try CLIErrorWrap { try file.tensor("items") }, questions = try CLIErrorWrap { try file.tensor("queries") }
            guard items.rank == 2, questions.rank == 2, items.shape[0] == itemList.count, questions.shape[0] == queryList.count else {
                throw CLIError("--vectors '\(path)' holds items \(items.shape) and queries \(questions.shape), not \(itemList.count) items and \(queryList.count) questions; delete it to embed again")
            }
            evaluation.vectors = (Self.rows(items), Self.rows(questions))
        } else if let embedder = try await embedder() {
            let embedStarted = Date()
            let texts = itemList.map { item in
                guard !noCaptions, let c = item.caption, !c.isEmpty else { return item.text }
                return item.text + " " + c
            }
            let itemVectors = try await Self.embed(texts, with: embedder)
            let queryVectors = try await Self.embed(queryList.map(\.question), with: embedder)
            evaluation.vectors = (itemVectors, queryVectors)
            FileHandle.standardError.write(Data("embedded \(texts.count) items and \(queryList.count) questions with \(embedder.modelName) in \(String(format: "%.1f", Date().timeIntervalSince(embedStarted))) s\n".utf8))
            if let path = vectors {
                let d = embedder.dimension
                let file = Safetensors(tensors: [
                    "items": try Tensor(shape: [itemVectors.count, d], scalars: itemVectors.flatMap { $0 }),
                    "queries": try Tensor(shape: [queryVectors.count, d], scalars: queryVectors.flatMap { $0 }),
                ], metadata: ["model": embedder.modelName])
                try OutputFile.write(file.encoded(), to: path, flag: "--vectors")
            }
        }
        let rankings = try CLIErrorWrap { try evaluation.rank(items: itemList, queries: queryList, k: k) }
        try OutputFile.write(try CLIErrorWrap { try RetrievalEvaluation.jsonLines(rankings) }, to: out, flag: "--out")
        let seconds = Date().timeIntervalSince(started)
        FileHandle.standardError.write(Data("ranked \(queryList.count) questions over \(itemList.count) items in \(String(format: "%.2f", seconds)) s -> \(out)\n".utf8))
    }

    /// The in-process encoder for --model, an endpoint for --embeddings-url, or none.
    func embedder() async throws -> (any TextEmbedder)? {
        if model != nil, embeddingsURL != nil { throw CLIError("give --model or --embeddings-url, not both") }
        if let model {
            return EncoderEmbedder(try CLIErrorWrap { try SentenceEncoder(folder: try ModelLocator().locate(model)) })
        }
        if let embeddingsURL {
            let client = LLMClient(try CLIErrorWrap { try LLMConfiguration(baseURL: embeddingsURL, model: embeddingsModel) })
            do { return try await EndpointEmbedder(client: client) } catch {
                throw CLIError("--embeddings-url \(embeddingsURL): \(error)")
            }
        }
        return nil
    }

    static func rows(_ t: Tensor) -> [[Float]] {
        let d = t.shape[1]
        return (0..<t.shape[0]).map { Array(t.scalars[($0 * d)..<(($0 + 1) * d)]) }
    }

    /// Vectors of `texts`, 64 per call.
    static func embed(_ texts: [String], with embedder: any TextEmbedder) async throws -> [[Float]] {
        var out: [[Float]] = []
        out.reserveCapacity(texts.count)
        for start in stride(from: 0, to: texts.count, by: 64) {
            out += try await embedder.embed(Array(texts[start..<min(texts.count, start + 64)]))
        }
        return out
    }
}
