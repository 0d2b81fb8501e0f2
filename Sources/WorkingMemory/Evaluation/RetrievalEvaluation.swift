import Foundation

/// Runs a retrieval evaluation: each group of items goes into a fresh ``Retriever`` in file
/// order, and each question of that group is ranked against it.
public struct RetrievalEvaluation: Sendable {
    /// The retriever's parameters.
    public var configuration: RetrievalConfiguration
    /// Append an item's image caption (`blip_caption`) to its text.
    public var includesCaptions: Bool
    /// Sentence vectors of the items and the questions (in their orders), for the hybrid ranking:
    /// each question's cosine similarity to every item of its group joins the fusion as the
    /// `vector` signal (weight `weights.extra["vector"]`). Nil: lexical ranking alone.
    public var vectors: (items: [[Float]], queries: [[Float]])?

    /// - Parameters:
    ///   - configuration: retriever parameters (default: the tuned ones).
    ///   - includesCaptions: index image captions with their items (default true).
    ///   - vectors: item and question vectors for the hybrid ranking (default none).
    public init(configuration: RetrievalConfiguration = RetrievalConfiguration(), includesCaptions: Bool = true,
                vectors: (items: [[Float]], queries: [[Float]])? = nil) {
        self.configuration = configuration
        self.includesCaptions = includesCaptions
        self.vectors = vectors
    }

    /// The ranked item ids of every question, in question order.
    /// - Parameters:
    ///   - items: the memory items, all groups, in ingestion order.
    ///   - queries: the questions.
    ///   - k: how many ids to return per question.
    /// - Throws: ``MemoryError/invalidArgument(_:)`` when a question's group has no items.
    public func rank(items: [EvaluationItem], queries: [EvaluationQuery], k: Int) throws -> [(qid: String, rankedIDs: [String])] {
        var itemsByGroup: [String: [EvaluationItem]] = [:]
        var vectorsByGroup: [String: VectorIndex] = [:]
        var groupOrder: [String] = []
        if let v = vectors {
            guard v.items.count == items.count, v.queries.count == queries.count else {
                throw MemoryError.invalidArgument("\(v.items.count) item vectors for \(items.count) items, \(v.queries.count) question vectors for \(queries.count) questions")
            }
        }
        for (n, item) in items.enumerated() {
            if itemsByGroup[item.group] == nil { groupOrder.append(item.group) }
            itemsByGroup[item.group, default: []].append(item)
            if let v = vectors?.items[n] {
                try vectorsByGroup[item.group, default: VectorIndex(dimension: v.count)].set(item.id, v)
            }
        }
        var queriesByGroup: [String: [Int]] = [:]
        for (i, q) in queries.enumerated() {
            guard itemsByGroup[q.group] != nil else {
                throw MemoryError.invalidArgument("question '\(q.id)': its group '\(q.group)' has no items")
            }
            queriesByGroup[q.group, default: []].append(i)
        }
        var results = [(qid: String, rankedIDs: [String])](repeating: ("", []), count: queries.count)
        for group in groupOrder {
            guard let qs = queriesByGroup[group] else { continue }
            var retriever = Retriever(configuration: configuration)
            for (order, item) in itemsByGroup[group]!.enumerated() {
                var text = item.text
                if includesCaptions, let c = item.caption, !c.isEmpty { text += " " + c }
                try retriever.add(RetrievalDocument(id: item.id, text: text, date: item.date, speaker: item.speaker, episode: item.session, order: order))
            }
            var scratch = RetrievalScratch()
            for i in qs {
                let q = queries[i]
                var query = RetrievalQuery(q.question, date: q.date, limit: k)
                if let index = vectorsByGroup[group], let v = vectors?.queries[i] {
                    query.signals["vector"] = index.similarityByID(to: v)
                }
                let ranked = retriever.search(query, scratch: &scratch)
                results[i] = (q.id, ranked.map(\.id))
            }
        }
        return results
    }

    /// One JSONL line per question: `{"qid":…,"ranked_ids":[…]}`.
    public static func jsonLines(_ rankings: [(qid: String, rankedIDs: [String])]) throws -> Data {
        struct Line: Encodable { let qid: String; let ranked_ids: [String] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = Data()
        for r in rankings {
            out.append(try encoder.encode(Line(qid: r.qid, ranked_ids: r.rankedIDs)))
            out.append(0x0A)
        }
        return out
    }

    /// Parses rankings written by ``jsonLines(_:)`` (or any system): qid -> ranked ids.
    /// - Throws: ``MemoryError/invalidArgument(_:)`` naming the bad line.
    public static func parseRankings(_ data: Data, source: String = "rankings") throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for (line, o) in try JSONLines.objects(in: data, source: source) {
            let qid = try JSONLines.string(o, "qid", source: source, line: line)
            guard let list = o["ranked_ids"] as? [Any] else {
                throw MemoryError.invalidArgument("\(source) line \(line): missing list field 'ranked_ids'")
            }
            out[qid] = list.map { v in (v as? String) ?? (v as? NSNumber).map { String($0.int64Value) } ?? "\(v)" }
        }
        return out
    }
}
