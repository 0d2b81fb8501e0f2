import Foundation

/// Placeholder until the retrieval component's `Retriever` lands: shared-term count. Replaced by
/// `RetrieverIndex`.
final class RetrieverIndex: MemoryIndex {
    var docs: [Int64: (IndexedDocument, Set<String>)] = [:]
    func add(_ documents: [IndexedDocument]) { for d in documents { docs[d.id] = (d, Set(terms(d.text))) } }
    func remove(id: Int64) { docs[id] = nil }
    func search(_ text: String, date: Date?, limit: Int, strength: (Int64) -> Double) -> [IndexHit] {
        let q = Set(terms(text))
        return docs.values.map { d, t in IndexHit(id: d.id, score: Double(q.intersection(t).count), features: ["overlap": Double(q.intersection(t).count)]) }
            .filter { $0.score > 0 }.sorted { ($0.score, -$0.id) > ($1.score, -$1.id) }.prefix(limit).map { $0 }
    }
    func terms(_ text: String) -> [String] {
        var out: [String] = []
        var word = ""
        for ch in text.lowercased() {
            if let s = ch.unicodeScalars.first, EstimatedTokenCounter.isCJK(s) {
                if !word.isEmpty { out.append(word); word = "" }
                out.append(String(ch))
            } else if ch.isLetter || ch.isNumber { word.append(ch) } else if !word.isEmpty { out.append(word); word = "" }
        }
        if !word.isEmpty { out.append(word) }
        return out
    }
}
