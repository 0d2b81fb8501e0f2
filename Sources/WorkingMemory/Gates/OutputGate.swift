import Foundation

/// The output gate: which retrieved memories may reach the context, in which order.
/// Score `o = relevance · (strengthFloor + (1 − strengthFloor)·min(1, tanh(c)/tanh(1)))`, the LSTM's
/// `h = o·tanh(c)` with relevance as the gate; then maximal marginal relevance (Carbonell & Goldstein 1998)
/// against the memories already chosen for diversity. The token budget is applied by the context assembler.
public struct OutputGate: Sendable {
    public var parameters: GateParameters

    public init(parameters: GateParameters) { self.parameters = parameters }

    public struct Candidate: Sendable {
        public var item: MemoryItem
        public var score: Double
        public var features: [String: Double]
    }

    public struct Rejection: Sendable {
        public var item: MemoryItem
        public var reason: String
        public var features: [String: Double]
    }

    /// - Parameters:
    ///   - hits: the index's ranking, best first.
    ///   - item: looks an item up.
    ///   - strength: an item's current strength (forget gate applied).
    ///   - terms: an item's analysed terms, for similarity.
    ///   - excluded: items already in the context another way (recent turns).
    /// - Returns: candidates in the order they should enter the context, and the rejected ones with why.
    public func rank(hits: [IndexHit], item: (Int64) -> MemoryItem?, strength: (MemoryItem) -> Double,
                     terms: (MemoryItem) -> TermSet, excluded: Set<Int64>) -> (ranked: [Candidate], rejected: [Rejection]) {
        let p = parameters
        let top = hits.map(\.score).max() ?? 0
        var pool: [(Candidate, TermSet)] = []
        var rejected: [Rejection] = []
        for hit in hits {
            guard let it = item(hit.id) else { continue }
            let c = strength(it)
            let relevance = top > 0 ? max(0, hit.score) / top : 0
            let squashed = min(1, tanh(max(0, c)) / tanh(1))
            var f = hit.features
            f["relevance"] = relevance
            f["strength"] = c
            f["score"] = relevance * (p.strengthFloor + (1 - p.strengthFloor) * squashed)
            if it.metadata["superseded"] != nil {
                f["superseded"] = 1
                f["score"]! *= p.supersededWeight
            }
            if excluded.contains(it.id) {
                rejected.append(Rejection(item: it, reason: "already in the recent turns", features: f))
            } else if !it.pinned && c < p.fadeThreshold && relevance < p.recollectRelevance {
                rejected.append(Rejection(item: it, reason: String(format: "faded (strength %.3f < %.3f) and not cued strongly (relevance %.2f < %.2f)", c, p.fadeThreshold, relevance, p.recollectRelevance), features: f))
            } else if relevance <= 0 || !Self.cued(hit.features) {
                rejected.append(Rejection(item: it, reason: "no word, neighbour or time cue in common with the query", features: f))
            } else {
                pool.append((Candidate(item: it, score: f["score"]!, features: f), terms(it)))
            }
        }
        // Maximal marginal relevance: take the best adjusted score, penalised by similarity to what is taken.
        // Each pool entry keeps its largest similarity to the memories chosen so far, updated with the one
        // memory chosen last: O(pool²) Jaccards instead of O(pool² · chosen), the same maxima.
        var ranked: [Candidate] = []
        var maxSim = [Double](repeating: 0, count: pool.count)
        while !pool.isEmpty {
            var best = -Double.infinity, bestIndex = 0, bestSim = 0.0
            for k in pool.indices {
                let sim = maxSim[k]
                let adjusted = pool[k].0.score - p.diversityPenalty * sim
                if adjusted > best { best = adjusted; bestIndex = k; bestSim = sim }
            }
            var (cand, set) = pool.remove(at: bestIndex)
            maxSim.remove(at: bestIndex)
            cand.features["similarityToChosen"] = bestSim
            if bestSim >= p.redundancyCutoff {
                rejected.append(Rejection(item: cand.item, reason: String(format: "redundant with a chosen memory (similarity %.2f)", bestSim), features: cand.features))
                continue
            }
            cand.features["mmr"] = best
            ranked.append(cand)
            for k in pool.indices { maxSim[k] = max(maxSim[k], pool[k].1.jaccard(set)) }
        }
        return (ranked, rejected)
    }

    /// Whether the query cues the item by content (words, its episode, a date, a vector), not only by recency
    /// or strength: only cued items may enter the memories section (recent turns cover recency).
    static func cued(_ features: [String: Double]) -> Bool {
        features.contains { key, value in
            value > 0 && (["bm25", "neighbours", "episode", "timeCue"].contains(key) || key.hasPrefix("extra."))
        }
    }

    /// Token-set Jaccard similarity |a ∩ b| / |a ∪ b| (0 for two empty sets).
    public static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        if a.isEmpty && b.isEmpty { return 0 }
        // Count the overlap by probing the larger set: no intermediate set is built (hot path of every receive).
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        var inter = 0
        for x in small where large.contains(x) { inter += 1 }
        return Double(inter) / Double(a.count + b.count - inter)
    }
}
