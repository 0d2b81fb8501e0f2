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
    private var integerIDOfSlot: [Int64?] = []  // per slot: Int64(id), for RetrievalQuery.integerStrength
    private var speakerOfSlot: [Int32] = []  // per slot: speaker number, -1 none
    private var episodeOfSlot: [Int32] = []  // per slot: episode number, -1 none
    private var positionOfSlot: [Int32] = []  // per slot: place in its episode's member list
    private var mentionsTime: [Bool] = []  // per slot: its text speaks of a time
    private var termsOfSlot: [[String]] = []  // per slot: analyzed terms (to take them out of the episode document)
    private var episodeKeys: [String] = []
    private var episodeNumbers: [String: Int32] = [:]
    private var episodeMembers: [[Int32]] = []  // per episode: slots in ingestion order
    private var speakerNumbers: [String: Int32] = [:]
    private var speakerTerms: [[String]] = []  // per speaker: analyzed terms of the name
    private var nextOrder = 0
    private var latestDate = -Double.infinity
    private let timeCueParser = TimeCueParser()
    private let timeWords: TimeWords

    /// - Parameter configuration: ranking parameters (default: the tuned ones).
    public init(configuration: RetrievalConfiguration = RetrievalConfiguration()) {
        self.configuration = configuration
        self.timeWords = TimeWords(analyzer: configuration.analyzer)
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
        integerIDOfSlot.append(Int64(document.id))
        termsOfSlot.append(terms)
        mentionsTime.append(timeWords.speaksOfTime(terms))

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

    /// Distinct terms the index has ever seen (removal leaves a term's entry, at document frequency 0).
    var vocabularySize: Int { index.vocabularySize }

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
        var scratch = RetrievalScratch()
        return search(query, scratch: &scratch)
    }

    /// The `limit` best items by BM25 of their own text alone (no fusion): a cheap lexical lookup,
    /// e.g. for a novelty check at every received event.
    /// - Parameters:
    ///   - text: the text to match.
    ///   - limit: how many.
    ///   - scratch: buffers kept between calls (see ``RetrievalScratch``).
    public func lexicalSearch(_ text: String, limit: Int, scratch: inout RetrievalScratch) -> [(id: String, score: Double)] {
        guard limit > 0, index.count > 0 else { return [] }
        var scores = scratch.take(\.scores, count: index.slotCount, zero: 0)
        var touched: [Int32] = []
        index.accumulateScores(for: configuration.analyzer.terms(text), into: &scores, touched: &touched)
        let hits = touched
        let best = TopK.select(limit, of: hits.count) { a, b in
            let sa = scores[Int(hits[a])], sb = scores[Int(hits[b])]
            return sa != sb ? sa > sb : hits[a] > hits[b]
        }
        let result = best.map { (id: index.id(atSlot: Int(hits[$0]))!, score: Double(scores[Int(hits[$0])])) }
        for s in touched { scores[Int(s)] = 0 }
        scratch.scores = scores
        return result
    }

    /// ``search(_:)`` with buffers kept between calls: a memory that searches often keeps one
    /// ``RetrievalScratch`` and passes it every time, so no query allocates buffers of the memory's size.
    /// - Parameters:
    ///   - query: the question.
    ///   - scratch: the buffers (any scratch works with any retriever; it grows as needed).
    public func search(_ query: RetrievalQuery, scratch: inout RetrievalScratch) -> [RankedItem] {
        guard query.limit > 0, index.count > 0 else { return [] }
        let cfg = configuration
        let queryTerms = cfg.analyzer.terms(query.text)
        var weights: [String: Float] = [:]
        for t in queryTerms { weights[t, default: 0] += 1 }
        let keep = max(query.limit, cfg.feedbackWeight > 0 ? cfg.feedbackDocuments : 0) * (cfg.episodeDiversity < 1 ? 20 : 1)
        var ranked = rank(weights, queryTermSet: Set(queryTerms), query: query, keep: keep, scratch: &scratch)

        // Pseudo relevance feedback (RM3: Lavrenko & Croft, SIGIR 2001; Abdul-Jaleel et al., TREC 2004):
        // P(t|R) = Σ_d P(d|q) P(t|d) over the top documents, with P(d|q) ∝ their fused score and
        // P(t|d) = tf/|d|; the `feedbackTerms` likeliest new terms join the query, which is
        // (1 − λ) · original + λ · expansion, both as distributions.
        if cfg.feedbackWeight > 0 && cfg.feedbackDocuments > 0 && cfg.feedbackTerms > 0 && !weights.isEmpty {
            let top = ranked.prefix(cfg.feedbackDocuments).filter { $0.features.fused > 0 }
            let mass = top.reduce(0) { $0 + $1.features.fused }
            var relevance: [String: Double] = [:]
            for (slot, f) in top where mass > 0 {
                let terms = termsOfSlot[Int(slot)]
                guard !terms.isEmpty else { continue }
                let pd = f.fused / mass / Double(terms.count)
                for t in terms where weights[t] == nil { relevance[t, default: 0] += pd }
            }
            let expansion = relevance.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(cfg.feedbackTerms)
            let expansionMass = expansion.reduce(0) { $0 + $1.value }
            if expansionMass > 0 {
                let λ = Float(min(cfg.feedbackWeight, 1))
                let originalMass = weights.values.reduce(0, +)
                var expanded = weights.mapValues { (1 - λ) * $0 / originalMass }
                for (t, p) in expansion { expanded[t, default: 0] += λ * Float(p / expansionMass) }
                ranked = rank(expanded, queryTermSet: Set(queryTerms), query: query, keep: keep, scratch: &scratch)
            }
        }

        // Episode diversity: the j-th item already taken from an episode multiplies the next one's
        // score by diversity^j, so one long matching episode does not fill the whole list.
        if cfg.episodeDiversity < 1 {
            var remaining = ranked  // the best limit × 20: the rest cannot climb into the list
            var taken: [(slot: Int32, features: RetrievalFeatures)] = []
            var perEpisode: [Int32: Int] = [:]
            while taken.count < query.limit && !remaining.isEmpty {
                var bestIndex = 0, bestScore = -Double.infinity
                for (i, r) in remaining.enumerated() {
                    let e = episodeOfSlot[Int(r.slot)]
                    let score = r.features.fused * (e >= 0 ? pow(cfg.episodeDiversity, Double(perEpisode[e] ?? 0)) : 1)
                    if score > bestScore { bestScore = score; bestIndex = i }
                }
                let r = remaining.remove(at: bestIndex)
                let e = episodeOfSlot[Int(r.slot)]
                if e >= 0 { perEpisode[e, default: 0] += 1 }
                taken.append(r)
            }
            ranked = taken
        }
        return ranked.prefix(query.limit).map { RankedItem(id: index.id(atSlot: Int($0.slot))!, score: $0.features.fused, features: $0.features) }
    }

    /// The best `keep` candidates with their features, best fused score first.
    /// - Parameters:
    ///   - weightedTerms: query terms and their weights.
    ///   - queryTermSet: the question's own terms (to find named speakers).
    ///   - query: the question (date, limit, strengths, signals).
    ///   - keep: how many to return.
    private func rank(_ weightedTerms: [String: Float], queryTermSet: Set<String>, query: RetrievalQuery, keep: Int,
                      scratch: inout RetrievalScratch) -> [(slot: Int32, features: RetrievalFeatures)] {
        let n = index.slotCount
        let cfg = configuration
        let w = cfg.weights
        // Buffers of n entries, borrowed from the scratch (all zero / false) and returned cleared.
        var ownBuffer = scratch.take(\.scores, count: n, zero: 0)
        var neighbourBuffer = scratch.take(\.neighbours, count: n, zero: 0)
        var isCandidate = scratch.take(\.isCandidate, count: n, zero: false)
        var candidates: [Int32] = []
        var ownTouched: [Int32] = []
        defer {
            for s in ownTouched { ownBuffer[Int(s)] = 0 }
            for s in candidates { neighbourBuffer[Int(s)] = 0; isCandidate[Int(s)] = false }
            scratch.scores = ownBuffer; scratch.neighbours = neighbourBuffer; scratch.isCandidate = isCandidate
        }

        // 1. BM25 of each item.
        index.accumulateScores(forWeighted: weightedTerms, into: &ownBuffer, touched: &ownTouched)

        // 2. Episode binding: each scored item lends decay^(d-1) of its score to the items at
        //    distance d <= window in its episode.
        func consider(_ s: Int32) { if !isCandidate[Int(s)] { isCandidate[Int(s)] = true; candidates.append(s) } }
        for s in ownTouched { consider(s) }
        if cfg.neighbourWindow > 0 && w.neighbours != 0 {
            var lend = [Float](repeating: 0, count: cfg.neighbourWindow + 1)
            for d in 1...cfg.neighbourWindow { lend[d] = Float(pow(cfg.neighbourDecay, Double(d - 1))) }
            let fromLater = Float(cfg.neighbourFromLater)
            // Only the best `neighbourSources` items lend: in a large memory a common word touches
            // thousands of items whose small scores would only add candidates, not change the top.
            var lenders = ownTouched
            if lenders.count > cfg.neighbourSources {
                let own = ownBuffer
                lenders = TopK.select(cfg.neighbourSources, of: ownTouched.count) { a, b in
                    own[Int(ownTouched[a])] != own[Int(ownTouched[b])] ? own[Int(ownTouched[a])] > own[Int(ownTouched[b])] : ownTouched[a] < ownTouched[b]
                }.map { ownTouched[$0] }
            }
            for s in lenders {
                let e = Int(episodeOfSlot[Int(s)])
                guard e >= 0 else { continue }
                let members = episodeMembers[e]
                let p = Int(positionOfSlot[Int(s)])
                let score = ownBuffer[Int(s)]
                // s lends to the later item p + d fully and to the earlier item p - d scaled by
                // neighbourFromLater (from the earlier item's view, s is a later neighbour).
                members.withUnsafeBufferPointer { members in
                    for d in 1...cfg.neighbourWindow {
                        if p - d >= 0 {
                            let m = Int(members[p - d])
                            neighbourBuffer[m] += fromLater * lend[d] * score
                            if !isCandidate[m] { isCandidate[m] = true; candidates.append(Int32(m)) }
                        }
                        if p + d < members.count {
                            let m = Int(members[p + d])
                            neighbourBuffer[m] += lend[d] * score
                            if !isCandidate[m] { isCandidate[m] = true; candidates.append(Int32(m)) }
                        }
                    }
                }
            }
        }

        return finishRank(weightedTerms, queryTermSet: queryTermSet, query: query, keep: keep,
                          own: ownBuffer, neighbours: neighbourBuffer, isCandidate: &isCandidate, candidates: &candidates)
    }

    /// Steps 3-6 and the fusion of ``rank``: `own` and `neighbours` are read only, so the closures
    /// below capture them without copying, and they are released when this returns.
    private func finishRank(_ weightedTerms: [String: Float], queryTermSet: Set<String>, query: RetrievalQuery, keep: Int,
                            own: [Float], neighbours: [Float], isCandidate: inout [Bool], candidates: inout [Int32]) -> [(slot: Int32, features: RetrievalFeatures)] {
        let n = index.slotCount
        let cfg = configuration
        let w = cfg.weights
        func consider(_ s: Int32) { if !isCandidate[Int(s)] { isCandidate[Int(s)] = true; candidates.append(s) } }

        // 3. The episode as one document.
        var episodeScoreBuffer = [Float](repeating: 0, count: episodeIndex.slotCount)
        if w.episode != 0 {
            var touched: [Int32] = []
            episodeIndex.accumulateScores(forWeighted: weightedTerms, into: &episodeScoreBuffer, touched: &touched)
        }
        // Immutable from here: closures below capture lets, not boxed vars (no exclusivity checks).
        let episodeScore = episodeScoreBuffer
        let episodeOfSlot = self.episodeOfSlot, speakerOfSlot = self.speakerOfSlot, dates = self.dates, orders = self.orders
        func episodeValue(_ s: Int) -> Double {
            let e = Int(episodeOfSlot[s])
            return e >= 0 && e < episodeScore.count ? Double(episodeScore[e]) : 0
        }

        // 4. Speakers the question names: all of a speaker's name terms appear in the question.
        var named = [Bool](repeating: false, count: speakerTerms.count + 1)  // last: "no speaker"
        for (k, terms) in speakerTerms.enumerated() where !terms.isEmpty && terms.allSatisfy(queryTermSet.contains) { named[k] = true }
        func speakerValue(_ s: Int) -> Double { speakerOfSlot[s] >= 0 && named[Int(speakerOfSlot[s])] ? 1 : 0 }

        // 5. Time cues, resolved against the question date (or the latest item date); a date
        //    after an interval counts as inside for `timeCueSlackDays`, then decays.
        let now = query.date?.timeIntervalSince1970 ?? (latestDate.isFinite ? latestDate : .nan)
        let cues = (w.timeCue != 0 ? timeCues(in: query) : []).map { ($0.interval.start.timeIntervalSince1970, $0.interval.end.timeIntervalSince1970) }
        let slack = cfg.timeCueSlackDays * 86_400, scale = max(cfg.timeCueScaleDays, 1e-9) * 86_400
        func cueValue(_ s: Int) -> Double {
            let date = dates[s]
            guard date.isFinite, !cues.isEmpty else { return 0 }
            var best = 0.0
            for (start, end) in cues {
                let distance = date < start ? start - date : (date >= end ? max(0, date - end - slack) : 0)
                best = max(best, exp(-distance / scale))
            }
            return best
        }

        // 6. Recency, from the question date, or by ingestion order for items without dates.
        let maxOrder = Double(nextOrder - 1)
        func recencyValue(_ s: Int) -> Double {
            if dates[s].isFinite && now.isFinite { return pow(0.5, max(0, now - dates[s]) / 86_400 / cfg.recencyHalfLifeDays) }
            return pow(0.5, max(0, maxOrder - Double(orders[s])) / cfg.recencyHalfLifeItems)
        }
        // Strength per candidate: no string work when the caller gives it by integer id (thousands per query).
        let strengths = query.strengths, stringStrength = query.strength, integerStrength = query.integerStrength
        let integerIDOfSlot = self.integerIDOfSlot
        func strengthValue(_ s: Int) -> Double {
            var value = 0.0
            if !strengths.isEmpty || stringStrength != nil {
                let id = index.id(atSlot: s)!
                value = strengths[id] ?? stringStrength?(id) ?? integerIDOfSlot[s].flatMap { n in integerStrength?(n) } ?? 0
            } else if let integerStrength, let n = integerIDOfSlot[s] {
                value = integerStrength(n)
            }
            return min(max(value, 0), 1)
        }

        // Candidates: every item with a lexical or neighbour score, every item of a matching
        // episode, items in a cue's interval, items with a strength or extra signal; all items
        // when that is fewer than the limit.
        if w.episode != 0 && cfg.episodeCandidates > 0 {
            // Only the best-matching episodes lend all their items: an item that has nothing but
            // its episode's score cannot outrank the items of a better episode.
            let scored = (0..<episodeScore.count).filter { episodeScore[$0] > 0 }
            let best = TopK.select(cfg.episodeCandidates, of: scored.count) { a, b in
                episodeScore[scored[a]] != episodeScore[scored[b]] ? episodeScore[scored[a]] > episodeScore[scored[b]] : scored[a] < scored[b]
            }
            for i in best { for m in episodeMembers[scored[i]] { consider(m) } }
        }
        if !cues.isEmpty {
            for s in 0..<n where dates[s].isFinite && index.id(atSlot: s) != nil
                && cues.contains(where: { dates[s] >= $0.0 && dates[s] < $0.1 + slack }) { consider(Int32(s)) }
        }
        for id in query.strengths.keys { if let s = index.slot(of: id) { consider(Int32(s)) } }
        let extraNames = query.signals.keys.filter { (w.extra[$0] ?? 0) != 0 }.sorted()
        for name in extraNames { for id in query.signals[name]!.keys { if let s = index.slot(of: id) { consider(Int32(s)) } } }
        if candidates.count < query.limit { for s in 0..<n where index.id(atSlot: s) != nil { consider(Int32(s)) } }

        // Candidates in slot order: every column below then reads the per-slot arrays (and the caller's
        // strength table) front to back instead of at random, which in a large memory is most of their cost.
        // The fused score of an item does not depend on this order, nor does the top (a strict total order);
        // reciprocal rank fusion breaks ties by candidate order, so it keeps the order of discovery.
        if case .weightedSum = cfg.fusion {
            if candidates.count > n / 16 {
                var k = 0
                isCandidate.withUnsafeBufferPointer { flags in
                    for s in 0..<n where flags[s] { candidates[k] = Int32(s); k += 1 }
                }
            } else {
                candidates.sort()
            }
        }

        // Fusion over the candidates, one signal (column) at a time.
        let candidateSlots = candidates
        let count = candidateSlots.count
        var extraColumns: [(weight: Double, values: [String: Double], floor: Double)] = []
        for name in extraNames {
            let values = query.signals[name]!
            // An item without a value counts as the smallest value given.
            extraColumns.append((w.extra[name]!, values, values.values.min() ?? 0))
        }
        let hasStrengths = query.strength != nil || query.integerStrength != nil || !query.strengths.isEmpty
        let asksWhen = w.timeMention != 0 && timeCueParser.asksWhen(query.text)
        let mentionsTime = self.mentionsTime
        func timeMentionValue(_ s: Int) -> Double { asksWhen && mentionsTime[s] ? 1 : 0 }
        let signalWeights = [w.bm25, w.neighbours, w.episode, named.contains(true) ? w.speaker : 0, w.recency,
                             cues.isEmpty ? 0 : w.timeCue, hasStrengths ? w.strength : 0, asksWhen ? w.timeMention : 0] + extraColumns.map(\.weight)
        var fused = [Double](repeating: 0, count: count)
        var column = [Double](repeating: 0, count: count)
        for (k, weight) in signalWeights.enumerated() where weight != 0 {
            // One signal over all candidates, written as plain loops (no closure per item).
            switch k {
            case 0: for i in 0..<count { column[i] = Double(own[Int(candidateSlots[i])]) }
            case 1: for i in 0..<count { column[i] = Double(neighbours[Int(candidateSlots[i])]) }
            case 2: for i in 0..<count { column[i] = episodeValue(Int(candidateSlots[i])) }
            case 3: for i in 0..<count { column[i] = speakerValue(Int(candidateSlots[i])) }
            case 4: for i in 0..<count { column[i] = recencyValue(Int(candidateSlots[i])) }
            case 5: for i in 0..<count { column[i] = cueValue(Int(candidateSlots[i])) }
            case 6:
                if strengths.isEmpty && stringStrength == nil, let integerStrength {
                    // The common case of a memory with integer ids: the closure unwrapped once, not per item.
                    // Plain call in a buffer loop: `.map(closure)` retained and released the closure per item.
                    column.withUnsafeMutableBufferPointer { column in
                        for i in 0..<count {
                            var value = 0.0
                            if let n = integerIDOfSlot[Int(candidateSlots[i])] { value = integerStrength(n) }
                            column[i] = min(max(value, 0), 1)
                        }
                    }
                } else {
                    for i in 0..<count { column[i] = strengthValue(Int(candidateSlots[i])) }
                }
            case 7: for i in 0..<count { column[i] = timeMentionValue(Int(candidateSlots[i])) }
            default:
                let (_, values, floor) = extraColumns[k - 8]
                for i in 0..<count { column[i] = values[index.id(atSlot: Int(candidateSlots[i]))!] ?? floor }
            }
            switch cfg.fusion {
            case .weightedSum:
                // Scale to [0, 1]: divide by the maximum (min-max when values go negative).
                let lo = min(column.min() ?? 0, 0), hi = column.max() ?? 0
                guard hi > lo else { continue }
                let scale = weight / (hi - lo)
                for i in fused.indices { fused[i] += scale * (column[i] - lo) }
            case .reciprocalRank(let k):
                let lo = column.min() ?? 0
                let ranked = column.indices.filter { column[$0] > 0 || lo < 0 }.sorted { column[$0] > column[$1] }
                for (rank, i) in ranked.enumerated() { fused[i] += weight / (k + Double(rank + 1)) }
            }
        }

        // The best `keep`, by fused score, then own BM25, then the later item.
        func better(_ a: Int, _ b: Int) -> Bool {
            if fused[a] != fused[b] { return fused[a] > fused[b] }
            let sa = Int(candidateSlots[a]), sb = Int(candidateSlots[b])
            if own[sa] != own[sb] { return own[sa] > own[sb] }
            return orders[sa] > orders[sb]
        }
        let top = TopK.select(keep, of: candidates.count, by: better)
        return top.map { i in
            let s = Int(candidateSlots[i])
            var f = RetrievalFeatures()
            f.bm25 = Double(own[s]); f.neighbours = Double(neighbours[s]); f.episode = episodeValue(s)
            f.speaker = speakerValue(s); f.recency = recencyValue(s); f.timeCue = cueValue(s); f.strength = strengthValue(s)
            f.timeMention = timeMentionValue(s)
            let id = index.id(atSlot: s)!
            for name in extraNames { if let v = query.signals[name]![id] { f.extra[name] = v } }
            f.fused = fused[i]
            return (candidateSlots[i], f)
        }
    }
}
