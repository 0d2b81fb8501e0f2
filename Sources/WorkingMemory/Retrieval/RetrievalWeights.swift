/// How much each signal counts in the fused ranking.
///
/// With ``Fusion/weightedSum`` every signal is first normalised to [0, 1] over the candidates
/// (divided by its maximum; extra signals min-max), so a weight is the most that signal can add.
/// With ``Fusion/reciprocalRank(k:)`` a weight multiplies 1/(k + rank) of that signal's ranking.
public struct RetrievalWeights: Sendable, Codable, Equatable {
    public var bm25: Double
    /// Below `bm25` by more than `strength`: an item that only borrows its neighbour's score must
    /// rank after that neighbour however strong it is (with 1, "the weather was nice" tied the
    /// turn "Ana lives in Porto" it sat next to, and won on strength, for "Where does Ana live?").
    public var neighbours: Double
    public var episode: Double
    public var speaker: Double
    public var recency: Double
    public var timeCue: Double
    public var timeMention: Double
    public var strength: Double
    /// Weights of extra signals by name (a signal without a weight is ignored).
    public var extra: [String: Double]

    /// - Parameters: each signal's weight (see ``RetrievalFeatures`` for the signals).
    public init(bm25: Double = 1, neighbours: Double = 0.8, episode: Double = 0.5, speaker: Double = 0.3,
                recency: Double = 0, timeCue: Double = 0.8, timeMention: Double = 0.5, strength: Double = 0.1,
                 extra: [String: Double] = ["vector": 0.5]) {
        self.bm25 = bm25
        self.neighbours = neighbours
        self.episode = episode
        self.speaker = speaker
        self.recency = recency
        self.timeCue = timeCue
        self.timeMention = timeMention
        self.strength = strength
        self.extra = extra
    }
}

/// How the signals are combined into one score.
public enum Fusion: Sendable, Codable, Equatable {
    /// Σ weight · normalised signal.
    case weightedSum
    /// Reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009): Σ weight / (k + rank).
    case reciprocalRank(k: Double)
}
