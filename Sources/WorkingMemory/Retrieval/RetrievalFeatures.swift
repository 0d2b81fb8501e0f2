/// Why an item was ranked where it was: each signal's raw value and the fused score.
public struct RetrievalFeatures: Sendable, Equatable, Codable {
    /// BM25 of the item's own text for the question.
    public var bm25: Double = 0
    /// BM25 of its episode neighbours, weighted by distance (episode binding).
    public var neighbours: Double = 0
    /// BM25 of its whole episode taken as one document.
    public var episode: Double = 0
    /// 1 when the question names the item's speaker.
    public var speaker: Double = 0
    /// Recency in (0, 1]: 1 for the newest item, halving every half-life.
    public var recency: Double = 0
    /// Time-cue match in [0, 1]: 1 when the item's date falls in a date the question names.
    public var timeCue: Double = 0
    /// 1 when the question asks "when" and the item speaks of a time.
    public var timeMention: Double = 0
    /// The strength the caller gave.
    public var strength: Double = 0
    /// Extra signals by name (e.g. `"vector"`).
    public var extra: [String: Double] = [:]
    /// The fused score the ranking sorts by.
    public var fused: Double = 0

    public init() {}
}

/// One ranked item.
public struct RankedItem: Sendable, Equatable, Codable {
    /// The item id.
    public var id: String
    /// The fused score (same as `features.fused`).
    public var score: Double
    /// The signals behind the score.
    public var features: RetrievalFeatures
}
