import Foundation

/// The episodic store's index: the retrieval component's `Retriever` (BM25 for English and Chinese, episode
/// neighbours, time cues, recency, strength, fused) behind `MemoryIndex`. Item ids become strings.
final class RetrieverIndex: MemoryIndex {
    private var retriever: Retriever
    /// Reused between queries: no allocation of the memory's size per search.
    private var scratch = RetrievalScratch()

    init(configuration: RetrievalConfiguration = RetrievalConfiguration()) {
        retriever = Retriever(configuration: configuration)
    }

    func add(_ documents: [IndexedDocument]) {
        for d in documents {
            let doc = RetrievalDocument(id: String(d.id), text: d.text, date: d.date, speaker: d.speaker, episode: d.episode, order: d.order)
            // An id already held means a re-add after an update: replace it.
            if retriever.contains(doc.id) { try? retriever.update(doc) } else { try? retriever.add(doc) }
        }
    }

    func remove(id: Int64) { retriever.remove(id: String(id)) }

    /// Distinct terms held, forgotten ones included until the index is rebuilt.
    var vocabularySize: Int { retriever.vocabularySize }

    func search(_ text: String, date: Date?, limit: Int, strength: @escaping @Sendable (Int64) -> Double) -> [IndexHit] {
        let query = RetrievalQuery(text, date: date, limit: limit, integerStrength: strength)
        return retriever.search(query, scratch: &scratch).compactMap { r in
            guard let id = Int64(r.id) else { return nil }
            let f = r.features
            var features = ["bm25": f.bm25, "neighbours": f.neighbours, "episode": f.episode, "speaker": f.speaker,
                            "recency": f.recency, "timeCue": f.timeCue, "fused": f.fused]
            for (k, v) in f.extra { features["extra." + k] = v }
            return IndexHit(id: id, score: r.score, features: features)
        }
    }

    func terms(_ text: String) -> [String] { retriever.configuration.analyzer.terms(text) }
}
