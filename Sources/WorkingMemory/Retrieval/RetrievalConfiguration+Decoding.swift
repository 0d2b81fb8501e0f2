// Partial decoding: a JSON configuration names only what it changes; every other field keeps
// its default (so tuning files and `wm eval retrieval --config` stay short); a field it does not know is
// refused (`KnownFields`).

extension RetrievalConfiguration {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case analyzer, bm25, episodeBM25, neighbourWindow, neighbourDecay, neighbourFromLater, episodeCandidates, neighbourSources, weights, fusion
        case recencyHalfLifeDays, recencyHalfLifeItems, timeCueSlackDays, timeCueScaleDays
        case feedbackDocuments, feedbackTerms, feedbackWeight, episodeDiversity
    }

    public init(from decoder: any Decoder) throws {
        try KnownFields.check(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = RetrievalConfiguration()
        self.init(
            analyzer: try c.decodeIfPresent(TextAnalyzer.self, forKey: .analyzer) ?? d.analyzer,
            bm25: try c.decodeIfPresent(BM25Parameters.self, forKey: .bm25) ?? d.bm25,
            episodeBM25: try c.decodeIfPresent(BM25Parameters.self, forKey: .episodeBM25) ?? d.episodeBM25,
            neighbourWindow: try Self.count(c, .neighbourWindow, upTo: 1_000) ?? d.neighbourWindow,
            neighbourDecay: try c.decodeIfPresent(Double.self, forKey: .neighbourDecay) ?? d.neighbourDecay,
            neighbourFromLater: try c.decodeIfPresent(Double.self, forKey: .neighbourFromLater) ?? d.neighbourFromLater,
            episodeCandidates: try Self.count(c, .episodeCandidates, upTo: 100_000) ?? d.episodeCandidates,
            neighbourSources: try Self.count(c, .neighbourSources, upTo: 1_000_000) ?? d.neighbourSources,
            weights: try c.decodeIfPresent(RetrievalWeights.self, forKey: .weights) ?? d.weights,
            fusion: try c.decodeIfPresent(Fusion.self, forKey: .fusion) ?? d.fusion,
            recencyHalfLifeDays: try c.decodeIfPresent(Double.self, forKey: .recencyHalfLifeDays) ?? d.recencyHalfLifeDays,
            recencyHalfLifeItems: try c.decodeIfPresent(Double.self, forKey: .recencyHalfLifeItems) ?? d.recencyHalfLifeItems,
            timeCueSlackDays: try c.decodeIfPresent(Double.self, forKey: .timeCueSlackDays) ?? d.timeCueSlackDays,
            timeCueScaleDays: try c.decodeIfPresent(Double.self, forKey: .timeCueScaleDays) ?? d.timeCueScaleDays,
            feedbackDocuments: try Self.count(c, .feedbackDocuments, upTo: 1_000) ?? d.feedbackDocuments,
            feedbackTerms: try Self.count(c, .feedbackTerms, upTo: 1_000) ?? d.feedbackTerms,
            feedbackWeight: try c.decodeIfPresent(Double.self, forKey: .feedbackWeight) ?? d.feedbackWeight,
            episodeDiversity: try c.decodeIfPresent(Double.self, forKey: .episodeDiversity) ?? d.episodeDiversity)
    }

    /// A count the retriever allocates or loops by: refused outside 0...limit, so a typo such as
    /// `"neighbourWindow": 32333333333333333` is a sentence, not an allocation of petabytes.
    private static func count(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys, upTo limit: Int) throws -> Int? {
        guard let n = try c.decodeIfPresent(Int.self, forKey: key) else { return nil }
        guard (0...limit).contains(n) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\(key.stringValue) must be between 0 and \(limit), got \(n)")
        }
        return n
    }
}

extension RetrievalWeights {
    enum CodingKeys: String, CodingKey, CaseIterable { case bm25, neighbours, episode, speaker, recency, timeCue, timeMention, strength, extra }

    public init(from decoder: any Decoder) throws {
        try KnownFields.check(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = RetrievalWeights()
        self.init(
            bm25: try c.decodeIfPresent(Double.self, forKey: .bm25) ?? d.bm25,
            neighbours: try c.decodeIfPresent(Double.self, forKey: .neighbours) ?? d.neighbours,
            episode: try c.decodeIfPresent(Double.self, forKey: .episode) ?? d.episode,
            speaker: try c.decodeIfPresent(Double.self, forKey: .speaker) ?? d.speaker,
            recency: try c.decodeIfPresent(Double.self, forKey: .recency) ?? d.recency,
            timeCue: try c.decodeIfPresent(Double.self, forKey: .timeCue) ?? d.timeCue,
            timeMention: try c.decodeIfPresent(Double.self, forKey: .timeMention) ?? d.timeMention,
            strength: try c.decodeIfPresent(Double.self, forKey: .strength) ?? d.strength,
            extra: try c.decodeIfPresent([String: Double].self, forKey: .extra) ?? d.extra)
    }
}

extension BM25Parameters {
    enum CodingKeys: String, CodingKey, CaseIterable { case k1, b }

    public init(from decoder: any Decoder) throws {
        try KnownFields.check(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = BM25Parameters()
        self.init(k1: try c.decodeIfPresent(Double.self, forKey: .k1) ?? d.k1, b: try c.decodeIfPresent(Double.self, forKey: .b) ?? d.b)
    }
}

extension TextAnalyzer {
    enum CodingKeys: String, CodingKey, CaseIterable { case removesStopWords, stems, cjkUnigrams, cjkBigrams }

    public init(from decoder: any Decoder) throws {
        try KnownFields.check(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = TextAnalyzer()
        self.init(
            removesStopWords: try c.decodeIfPresent(Bool.self, forKey: .removesStopWords) ?? d.removesStopWords,
            stems: try c.decodeIfPresent(Bool.self, forKey: .stems) ?? d.stems,
            cjkUnigrams: try c.decodeIfPresent(Bool.self, forKey: .cjkUnigrams) ?? d.cjkUnigrams,
            cjkBigrams: try c.decodeIfPresent(Bool.self, forKey: .cjkBigrams) ?? d.cjkBigrams)
    }
}
