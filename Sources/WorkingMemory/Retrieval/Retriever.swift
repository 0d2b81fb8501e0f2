import Foundation

/// Ranks memory items for a question by fusing lexical, episodic, temporal and caller signals.
///
/// Signals (see ``RetrievalFeatures``):
/// - `bm25`: BM25 of the item's text (``LexicalIndex``, English and Chinese via ``TextAnalyzer``);
/// - `neighbours`: BM25 of the items around it in its episode, the neighbour at distance d
///   weighted decay^(d-1), up to `neighbourWindow` each side: turns are not independent, the
///   answer to "what did X research?" is often the reply to the turn that names the topic
///   (the episodic buffer binding turns into episodes);
/// - `episode`: BM25 of the whole episode as one document;
/// - `speaker`: the question names the item's speaker;
/// - `timeCue`: the item's date lies in a date the question names (``TimeCueParser``);
/// - `recency`, `strength` (given by the caller), and named `extra` signals such as a vector
///   similarity, all fused by ``Fusion``.
///
/// Adding and removing items are incremental. Every result carries its features, so a caller can
/// say why an item is in the prompt.
public struct Retriever: Sendable {
    /// Ranking parameters; changing them takes effect at the next search (the analyzer must not
    /// change once items are added, and BM25 parameters apply to both indexes).
    public var configuration: RetrievalConfiguration {
        didSet {
            index.parameters = configuration.bm25
            episodeIndex.parameters = configuration.episodeBM25
        }
    }

    private var index: LexicalIndex
    private var episodeIndex: LexicalIndex  // one document per episode key
    private var dates: [Double] = []  // per slot: seconds since 1970, NaN when unknown
    private var orders: [Int] = []  // per slot
    private var speakerOfSlot: [Int32] = []  // per slot: speaker number, -1 none
    private var episodeOfSlot: [Int32] = []  // per slot: episode number, -1 none
    private var positionOfSlot: [Int32] = []  // per slot: place in its episode's member list
    private var termsOfSlot: [[String]] = []  // per slot: analyzed terms (to take them out of the episode document)
    private var episodeKeys: [String] = []
    private var episodeNumbers: [String: Int32] = [:]
    private var episodeMembers: [[Int32]] = []  // per episode: slots in ingestion order
    private var speakerNumbers: [String: Int32] = [:]
    private var speakerTerms: [[String]] = []  // per speaker: analyzed terms of the name
    private var nextOrder = 0
    private var latestDate = -Double.infinity
    private let timeCueParser = TimeCueParser()

    /// - Parameter configuration: ranking parameters (default: the tuned ones).
    public init(configuration: RetrievalConfiguration = RetrievalConfiguration()) {
        self.configuration = configuration
        self.index = LexicalIndex(parameters: configuration.bm25)
        self.episodeIndex = LexicalIndex(parameters: configuration.episodeBM25)
    }

    /// Number of items held.
    public var count: Int { index.count }

    /// Whether an item is held.
    public func contains(_ id: String) -> Bool { index.slot(of: id) != nil }

    /// Adds an item.
    /// - Parameter document: the item; an id already held is an error (nothing changes).
    public mutating func add(_ document: RetrievalDocument) throws {
        guard index.slot(of: document.id) == nil else {
            throw MemoryError.invalidArgument("item '\(document.id)' is already in the retriever; remove it first")
        }
        let terms = configuration.analyzer.terms(document.text)
        let slot = try index.add(id: document.id, terms: terms)
        precondition(slot == dates.count, "slots are dense")
        let order = document.order ?? nextOrder
        nextOrder = max(nextOrder, order + 1)
        let date = document.date?.timeIntervalSince1970 ?? .nan
        if date.isFinite { latestDate = max(latestDate, date) }
        dates.append(date)
        orders.append(order)
        termsOfSlot.append(terms)

        var speaker: Int32 = -1
        if let name = document.speaker, !name.isEmpty {
            if let known = speakerNumbers[name] { speaker = known } else {
                speaker = Int32(speakerTerms.count)
                speakerNumbers[name] = speaker
                speakerTerms.append(configuration.analyzer.terms(name))
            }
        }
        speakerOfSlot.append(speaker)

        var episode: Int32 = -1
        var position: Int32 = -1
        if let key = document.episode {
            if let known = episodeNumbers[key] {
                episode = known
                try episodeIndex.append(terms: terms, to: key)
            } else {
                episode = Int32(episodeKeys.count)
                episodeNumbers[key] = episode
                episodeKeys.append(key)
                episodeMembers.append([])
                try episodeIndex.add(id: key, terms: terms)
            }
            let e = Int(episode)
            // Keep members in ingestion order; usually the new item goes last.
            var at = episodeMembers[e].count
            while at > 0 && orders[Int(episodeMembers[e][at - 1])] > order { at -= 1 }
            episodeMembers[e].insert(Int32(slot), at: at)
            position = Int32(at)
            for p in (at + 1)..<episodeMembers[e].count { positionOfSlot[Int(episodeMembers[e][p])] = Int32(p) }
        }
        episodeOfSlot.append(episode)
        positionOfSlot.append(position)
    }

    /// Adds many items, in order (bulk ingestion).
    /// - Parameter documents: the items; stops at the first error (items before it stay added).
    public mutating func add(contentsOf documents: some Sequence<RetrievalDocument>) throws {
        for d in documents { try add(d) }
    }

    /// Replaces an item's text (and other fields), keeping its place in the ingestion order unless
    /// `document.order` says otherwise; adds it when absent.
    /// - Parameter document: the new version of the item.
    public mutating func update(_ document: RetrievalDocument) throws {
        var d = document
        if let slot = index.slot(of: document.id) {
            if d.order == nil { d.order = orders[slot] }
            remove(id: document.id)
        }
        try add(d)
    }

    /// Removes an item.
    /// - Returns: whether it was held.
    @discardableResult
    public mutating func remove(id: String) -> Bool {
        guard let slot = index.slot(of: id) else { return false }
        index.remove(id: id)
        let e = Int(episodeOfSlot[slot])
        if e >= 0 {
            try? episodeIndex.subtract(terms: termsOfSlot[slot], from: episodeKeys[e])
            let at = Int(positionOfSlot[slot])
            episodeMembers[e].remove(at: at)
            for p in at..<episodeMembers[e].count { positionOfSlot[Int(episodeMembers[e][p])] = Int32(p) }
        }
        termsOfSlot[slot] = []
        episodeOfSlot[slot] = -1
        positionOfSlot[slot] = -1
        return true
    }

    /// The time cues the retriever reads in a question (for tracing).
    /// - Parameter query: the question.
    public func timeCues(in query: RetrievalQuery) -> [TimeCue] {
        timeCueParser.cues(in: query.text, now: query.date ?? (latestDate.isFinite ? Date(timeIntervalSince1970: latestDate) : nil))
    }

    /// The best items for a question, best first, each with the features behind its rank.
    /// - Parameter query: the question, its date, limit, strengths and extra signals.
    /// - Returns: at most `query.limit` items; fewer only when fewer are held.
    public func search(_ query: RetrievalQuery) -> [RankedItem] {
        let n = index.slotCount
        guard query.limit > 0, index.count > 0 else { return [] }
        let cfg = configuration
        let w = cfg.weights
        let queryTerms = cfg.analyzer.terms(query.text)

        // 1. BM25 of each item.
        var own = [Float](repeating: 0, count: n)
        var ownTouched: [Int32] = []
        index.accumulateScores(for: queryTerms, into: &own, touched: &ownTouched)

        // 2. Episode binding: each scored item lends decay^(d-1) of its score to the items at
        //    distance d <= window in its episode.
        var neighbours = [Float](repeating: 0, count: n)
        var isCandidate = [Bool](repeating: false, count: n)
        var candidates: [Int32] = []
        func consider(_ s: Int32) { if !isCandidate[Int(s)] { isCandidate[Int(s)] = true; candidates.append(s) } }
        for s in ownTouched { consider(s) }
        if cfg.neighbourWindow > 0 && w.neighbours != 0 {
            var lend = [Float](repeating: 0, count: cfg.neighbourWindow + 1)
            for d in 1...cfg.neighbourWindow { lend[d] = Float(pow(cfg.neighbourDecay, Double(d - 1))) }
            for s in ownTouched {
                let e = Int(episodeOfSlot[Int(s)])
                guard e >= 0 else { continue }
                let members = episodeMembers[e]
                let p = Int(positionOfSlot[Int(s)])
                let score = own[Int(s)]
                for d in 1...cfg.neighbourWindow {
                    if p - d >= 0 { let m = members[p - d]; neighbours[Int(m)] += lend[d] * score; consider(m) }
                    if p + d < members.count { let m = members[p + d]; neighbours[Int(m)] += lend[d] * score; consider(m) }
                }
            }
        }

        // 3. The episode as one document.
        var episodeScore = [Float](repeating: 0, count: episodeIndex.slotCount)
        if w.episode != 0 {
            var touched: [Int32] = []
            episodeIndex.accumulateScores(for: queryTerms, into: &episodeScore, touched: &touched)
        }

        // 4. Speakers the question names: all of a speaker's name terms appear in the question.
        let queryTermSet = Set(queryTerms)
        let namedSpeakers = Set(speakerTerms.indices.filter { !speakerTerms[$0].isEmpty && speakerTerms[$0].allSatisfy(queryTermSet.contains) }.map(Int32.init))

        // 5. Time cues, resolved against the question date (or the latest item date).
        let now = query.date?.timeIntervalSince1970 ?? (latestDate.isFinite ? latestDate : .nan)
        let cues = w.timeCue != 0 ? timeCues(in: query) : []
        func cueMatch(_ slot: Int) -> Double {
            let date = dates[slot]
            guard date.isFinite, !cues.isEmpty else { return 0 }
            var best = 0.0
            for cue in cues {
                var days = cue.distanceInDays(from: Date(timeIntervalSince1970: date))
                if date >= cue.interval.end.timeIntervalSince1970 { days = max(0, days - cfg.timeCueSlackDays) }
                best = max(best, exp(-days / max(cfg.timeCueScaleDays, 1e-9)))
            }
            return best
        }

        // Candidates: every item with a lexical or neighbour score, every item of a matching
        // episode, items in a cue's interval, items with a strength or extra signal; all items
        // when that is fewer than the limit.
        if w.episode != 0 {
            for (e, members) in episodeMembers.enumerated() where e < episodeScore.count && episodeScore[e] > 0 { for m in members { consider(m) } }
        }
        if !cues.isEmpty { for s in 0..<n where index.id(atSlot: s) != nil && cueMatch(s) >= 1 { consider(Int32(s)) } }
        for id in query.strengths.keys { if let s = index.slot(of: id) { consider(Int32(s)) } }
        for (name, values) in query.signals where (w.extra[name] ?? 0) != 0 { for id in values.keys { if let s = index.slot(of: id) { consider(Int32(s)) } } }
        if candidates.count < query.limit { for s in 0..<n where index.id(atSlot: s) != nil { consider(Int32(s)) } }

        // Raw features of each candidate.
        let maxOrder = Double(nextOrder - 1)
        var features: [RetrievalFeatures] = []
        features.reserveCapacity(candidates.count)
        for s32 in candidates {
            let s = Int(s32)
            var f = RetrievalFeatures()
            f.bm25 = Double(own[s])
            f.neighbours = Double(neighbours[s])
            let e = Int(episodeOfSlot[s])
            f.episode = e >= 0 && e < episodeScore.count ? Double(episodeScore[e]) : 0
            f.speaker = namedSpeakers.contains(speakerOfSlot[s]) ? 1 : 0
            if dates[s].isFinite && now.isFinite {
                f.recency = pow(0.5, max(0, now - dates[s]) / 86_400 / cfg.recencyHalfLifeDays)
            } else {
                f.recency = pow(0.5, max(0, maxOrder - Double(orders[s])) / cfg.recencyHalfLifeItems)
            }
            f.timeCue = cueMatch(s)
            let id = index.id(atSlot: s)!
            f.strength = min(max(query.strengths[id] ?? query.strength?(id) ?? 0, 0), 1)
            for (name, values) in query.signals where (w.extra[name] ?? 0) != 0 {
                if let v = values[id] { f.extra[name] = v }
            }
            features.append(f)
        }

        fuse(&features, weights: w, fusion: cfg.fusion, extraNames: query.signals.keys.filter { (w.extra[$0] ?? 0) != 0 })

        var order = Array(0..<candidates.count)
        order.sort { a, b in
            let fa = features[a], fb = features[b]
            if fa.fused != fb.fused { return fa.fused > fb.fused }
            if fa.bm25 != fb.bm25 { return fa.bm25 > fb.bm25 }
            return orders[Int(candidates[a])] > orders[Int(candidates[b])]
        }
        return order.prefix(query.limit).map { i in
            RankedItem(id: index.id(atSlot: Int(candidates[i]))!, score: features[i].fused, features: features[i])
        }
    }

    /// Writes `fused` into each feature set.
    private func fuse(_ features: inout [RetrievalFeatures], weights w: RetrievalWeights, fusion: Fusion, extraNames: [String]) {
        guard !features.isEmpty else { return }
        typealias Signal = (weight: Double, value: (RetrievalFeatures) -> Double)
        var signals: [Signal] = [
            (w.bm25, { $0.bm25 }), (w.neighbours, { $0.neighbours }), (w.episode, { $0.episode }),
            (w.speaker, { $0.speaker }), (w.recency, { $0.recency }), (w.timeCue, { $0.timeCue }),
            (w.strength, { $0.strength }),
        ]
        for name in extraNames.sorted() {
            // A missing value counts as the smallest one seen.
            let floor = features.compactMap { $0.extra[name] }.min() ?? 0
            signals.append((w.extra[name] ?? 0, { $0.extra[name] ?? floor }))
        }
        for i in features.indices { features[i].fused = 0 }
        for (weight, value) in signals where weight != 0 {
            let values = features.map(value)
            switch fusion {
            case .weightedSum:
                // Scale to [0, 1]: divide by the maximum (min-max when values go negative).
                let lo = min(values.min()!, 0), hi = values.max()!
                guard hi > lo else { continue }
                for i in features.indices { features[i].fused += weight * (values[i] - lo) / (hi - lo) }
            case .reciprocalRank(let k):
                let ranked = values.indices.filter { values[$0] > 0 || lo(values) < 0 }.sorted { values[$0] > values[$1] }
                for (rank, i) in ranked.enumerated() { features[i].fused += weight / (k + Double(rank + 1)) }
            }
        }
    }

    private func lo(_ values: [Double]) -> Double { values.min() ?? 0 }
}
