/// An incremental inverted index with BM25 ranking (``BM25Parameters``).
///
/// Documents are added, extended and removed by their string id at any time; each gets a dense
/// integer *slot* (never reused) so callers can keep per-document arrays beside the index.
/// Terms get integer ids; each term's postings are two parallel arrays (slots ascending,
/// term frequencies). Removal only marks a slot dead and fixes the statistics (N, df, avgdl);
/// dead postings are skipped while scoring and dropped when they outnumber the live ones.
///
/// Scoring accumulates into a caller-owned dense buffer of `slotCount` scores, so a query costs
/// one pass over the postings of its terms and no allocation per posting.
public struct LexicalIndex: Sendable {
    /// BM25's k1 and b.
    public var parameters: BM25Parameters

    private var termIDs: [String: Int32] = [:]
    private var postingSlots: [[Int32]] = []  // per term: slots, ascending
    private var postingFrequencies: [[Float]] = []  // per term: tf in that slot
    private var documentFrequency: [Int32] = []  // per term: live slots that hold it
    private var slotIDs: [String?] = []  // per slot: the document id, nil once removed
    private var slotByID: [String: Int32] = [:]
    private var lengths: [Float] = []  // per slot: number of terms (|d|)
    private var slotTerms: [[Int32]] = []  // per slot: its distinct term ids (for removal)
    private var totalLength: Double = 0
    private var livePostings = 0
    private var deadPostings = 0

    /// - Parameter parameters: BM25's k1 and b (defaults 1.2, 0.75).
    public init(parameters: BM25Parameters = BM25Parameters()) {
        self.parameters = parameters
    }

    /// Number of live documents (N).
    public var count: Int { slotByID.count }
    /// Number of slots ever handed out (live and removed): the size of a score buffer.
    public var slotCount: Int { slotIDs.count }
    /// Mean live document length in terms (avgdl); 0 when empty.
    public var averageLength: Double { count == 0 ? 0 : totalLength / Double(count) }
    /// Number of distinct terms ever seen.
    public var vocabularySize: Int { termIDs.count }

    /// The slot of a live document.
    public func slot(of id: String) -> Int? { slotByID[id].map(Int.init) }
    /// The id of the document in `slot`, nil when removed or out of range.
    public func id(atSlot slot: Int) -> String? { slot >= 0 && slot < slotIDs.count ? slotIDs[slot] : nil }
    /// The length |d| in terms of the document in `slot` (0 when removed).
    public func length(atSlot slot: Int) -> Int { slotIDs[slot] == nil ? 0 : Int(lengths[slot]) }
    /// Live documents containing `term` (df), 0 for unknown terms.
    public func documentFrequency(of term: String) -> Int { termIDs[term].map { Int(documentFrequency[Int($0)]) } ?? 0 }

    /// Adds a document.
    /// - Parameters:
    ///   - id: its unique id; a live document with this id is an error.
    ///   - terms: its terms, usually from ``TextAnalyzer/terms(_:)`` (may be empty).
    /// - Returns: its slot.
    @discardableResult
    public mutating func add(id: String, terms: [String]) throws -> Int {
        guard slotByID[id] == nil else { throw MemoryError.invalidArgument("document '\(id)' is already indexed; remove it first or use append") }
        let slot = Int32(slotIDs.count)
        slotIDs.append(id)
        slotByID[id] = slot
        lengths.append(0)
        slotTerms.append([])
        append(terms: terms, toSlot: Int(slot))
        return Int(slot)
    }

    /// Adds terms to a live document (e.g. a new turn to its session's document).
    /// - Parameters:
    ///   - terms: the terms to add.
    ///   - id: the document; unknown ids are an error.
    public mutating func append(terms: [String], to id: String) throws {
        guard let slot = slotByID[id] else { throw MemoryError.notFound("document '\(id)' is not in the index") }
        append(terms: terms, toSlot: Int(slot))
    }

    private mutating func append(terms: [String], toSlot slot: Int) {
        guard !terms.isEmpty else { return }
        // Term ids, sorted: equal ids form runs whose lengths are the term frequencies (no hash map per document).
        var ids: [Int32] = []
        ids.reserveCapacity(terms.count)
        for t in terms {
            if let known = termIDs[t] {
                ids.append(known)
            } else {
                let tid = Int32(postingSlots.count)
                termIDs[t] = tid
                postingSlots.append([]); postingFrequencies.append([]); documentFrequency.append(0)
                ids.append(tid)
            }
        }
        ids.sort()
        let s32 = Int32(slot)
        var r = 0
        while r < ids.count {
            let tid = ids[r]
            var end = r + 1
            while end < ids.count && ids[end] == tid { end += 1 }
            let tf = Float(end - r)
            r = end
            let t = Int(tid)
            // Postings are ascending by slot; a new document's slot is the largest, so this is an
            // append; extending an older document needs a binary search.
            if let last = postingSlots[t].last, last >= s32 {
                let at = lowerBound(postingSlots[t], s32)
                if at < postingSlots[t].count && postingSlots[t][at] == s32 {
                    postingFrequencies[t][at] += tf
                    continue
                }
                postingSlots[t].insert(s32, at: at)
                postingFrequencies[t].insert(tf, at: at)
            } else {
                postingSlots[t].append(s32)
                postingFrequencies[t].append(tf)
            }
            documentFrequency[t] += 1
            slotTerms[slot].append(tid)
            livePostings += 1
        }
        lengths[slot] += Float(terms.count)
        totalLength += Double(terms.count)
    }

    /// Takes terms out of a live document (the inverse of ``append(terms:to:)``, e.g. a turn
    /// removed from its session's document). Terms it does not hold are ignored.
    /// - Parameters:
    ///   - terms: the terms to take out (each occurrence once).
    ///   - id: the document; unknown ids are an error.
    public mutating func subtract(terms: [String], from id: String) throws {
        guard let s32 = slotByID[id] else { throw MemoryError.notFound("document '\(id)' is not in the index") }
        let slot = Int(s32)
        var counts: [Int32: Float] = [:]
        for t in terms { if let tid = termIDs[t] { counts[tid, default: 0] += 1 } }
        for (tid, n) in counts {
            let t = Int(tid)
            let at = lowerBound(postingSlots[t], s32)
            guard at < postingSlots[t].count, postingSlots[t][at] == s32 else { continue }
            let taken = min(n, postingFrequencies[t][at])
            postingFrequencies[t][at] -= taken
            lengths[slot] -= taken
            totalLength -= Double(taken)
            if postingFrequencies[t][at] <= 0 {
                postingSlots[t].remove(at: at)
                postingFrequencies[t].remove(at: at)
                documentFrequency[t] -= 1
                livePostings -= 1
                if let k = slotTerms[slot].firstIndex(of: tid) { slotTerms[slot].remove(at: k) }
            }
        }
    }

    /// Removes a document; its slot is not reused.
    /// - Returns: whether it was there.
    @discardableResult
    public mutating func remove(id: String) -> Bool {
        guard let s32 = slotByID.removeValue(forKey: id) else { return false }
        let slot = Int(s32)
        for tid in slotTerms[slot] { documentFrequency[Int(tid)] -= 1 }
        livePostings -= slotTerms[slot].count
        deadPostings += slotTerms[slot].count
        totalLength -= Double(lengths[slot])
        slotIDs[slot] = nil
        lengths[slot] = 0
        slotTerms[slot] = []
        if deadPostings > max(livePostings, 1024) { compact() }
        return true
    }

    /// Drops the postings of removed documents.
    private mutating func compact() {
        for t in 0..<postingSlots.count {
            var keepSlots: [Int32] = [], keepTF: [Float] = []
            keepSlots.reserveCapacity(Int(documentFrequency[t])); keepTF.reserveCapacity(Int(documentFrequency[t]))
            for (i, s) in postingSlots[t].enumerated() where slotIDs[Int(s)] != nil {
                keepSlots.append(s); keepTF.append(postingFrequencies[t][i])
            }
            postingSlots[t] = keepSlots; postingFrequencies[t] = keepTF
        }
        deadPostings = 0
    }

    /// Adds the BM25 score of every live document for `queryTerms` into `scores`.
    /// - Parameters:
    ///   - queryTerms: analyzed query terms; a repeated term counts once per occurrence (qtf).
    ///   - scores: `slotCount` scores (resized if shorter); documents that share no term keep theirs.
    ///   - touched: receives each slot whose score was 0 and this call raised, once.
    public func accumulateScores(for queryTerms: [String], into scores: inout [Float], touched: inout [Int32]) {
        var weights: [String: Float] = [:]
        for t in queryTerms { weights[t, default: 0] += 1 }
        accumulateScores(forWeighted: weights, into: &scores, touched: &touched)
    }

    /// Adds Σ_t weight(t) · BM25 term score into `scores` (weights replace the query term
    /// frequency; e.g. an expanded query from relevance feedback).
    /// - Parameters:
    ///   - weightedTerms: term -> weight (> 0).
    ///   - scores: as in ``accumulateScores(for:into:touched:)``.
    ///   - touched: as in ``accumulateScores(for:into:touched:)``.
    public func accumulateScores(forWeighted weightedTerms: [String: Float], into scores: inout [Float], touched: inout [Int32]) {
        if scores.count < slotIDs.count { scores.append(contentsOf: repeatElement(0, count: slotIDs.count - scores.count)) }
        let n = count
        guard n > 0 else { return }
        let k1 = Float(parameters.k1), b = Float(parameters.b)
        let avgdl = Float(averageLength)
        var queryCounts: [Int32: Float] = [:]
        for (t, w) in weightedTerms where w > 0 { if let tid = termIDs[t] { queryCounts[tid, default: 0] += w } }
        // In term-id order: float sums then do not depend on dictionary order (same query, same bits).
        for (tid, qtf) in queryCounts.sorted(by: { $0.key < $1.key }) {
            let t = Int(tid)
            let df = Int(documentFrequency[t])
            guard df > 0 else { continue }
            let w = qtf * Float(BM25Parameters.idf(documentFrequency: df, documentCount: n))
            let slots = postingSlots[t], tfs = postingFrequencies[t]
            for i in 0..<slots.count {
                let s = Int(slots[i])
                let dl = lengths[s]
                // A removed slot has length 0 and a live slot with a posting has length >= tf > 0: checking
                // the length (already loaded) instead of the id saves a random read per posting.
                guard dl > 0 else { continue }
                let tf = tfs[i]
                let norm = avgdl > 0 ? k1 * (1 - b + b * dl / avgdl) : k1
                if scores[s] == 0 { touched.append(slots[i]) }  // contributions are > 0
                scores[s] += w * tf * (k1 + 1) / (tf + norm)
            }
        }
    }

    /// The BM25 weight idf(t) of a term (0 when no live document holds it).
    public func idf(of term: String) -> Double {
        let df = documentFrequency(of: term)
        return df == 0 ? 0 : BM25Parameters.idf(documentFrequency: df, documentCount: count)
    }

    /// The BM25 score of one document (0 when removed or unknown).
    public func score(_ queryTerms: [String], id: String) -> Double {
        guard let slot = slotByID[id] else { return 0 }
        var scores = [Float](repeating: 0, count: slotIDs.count)
        var touched: [Int32] = []
        accumulateScores(for: queryTerms, into: &scores, touched: &touched)
        return Double(scores[Int(slot)])
    }

    /// The `limit` best documents by BM25, best first (ties: earlier slot first); zero scores left out.
    public func search(_ queryTerms: [String], limit: Int) -> [(id: String, score: Double)] {
        var scores = [Float](repeating: 0, count: slotIDs.count)
        var touched: [Int32] = []
        accumulateScores(for: queryTerms, into: &scores, touched: &touched)
        let hits = touched.filter { scores[Int($0)] > 0 }
        let best = TopK.select(limit, of: hits.count) { a, b in
            let sa = scores[Int(hits[a])], sb = scores[Int(hits[b])]
            return sa != sb ? sa > sb : hits[a] < hits[b]
        }
        return best.map { (slotIDs[Int(hits[$0])]!, Double(scores[Int(hits[$0])])) }
    }

    private func lowerBound(_ a: [Int32], _ x: Int32) -> Int {
        var lo = 0, hi = a.count
        while lo < hi { let mid = (lo + hi) / 2; if a[mid] < x { lo = mid + 1 } else { hi = mid } }
        return lo
    }
}
