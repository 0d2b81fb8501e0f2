/// Everything that shapes the ``Retriever``'s ranking; tuned values and how they were tuned are
/// in the README's "Retrieval" section.
public struct RetrievalConfiguration: Sendable, Codable, Equatable {
    /// How text becomes terms.
    public var analyzer: TextAnalyzer
    /// BM25 of items.
    public var bm25: BM25Parameters
    /// BM25 of whole episodes (one document per episode).
    public var episodeBM25: BM25Parameters
    /// How many items on each side of an item, in its episode, lend it their score.
    public var neighbourWindow: Int
    /// The neighbour at distance d lends decay^(d-1) of its BM25.
    public var neighbourDecay: Double
    /// Signal weights.
    public var weights: RetrievalWeights
    /// Combination rule.
    public var fusion: Fusion
    /// Recency halves every this many days (items with dates).
    public var recencyHalfLifeDays: Double
    /// Recency halves every this many items (items without dates).
    public var recencyHalfLifeItems: Double
    /// A date this many days after a cue's interval still counts as inside it (people speak of
    /// "last week" some days later).
    public var timeCueSlackDays: Double
    /// Outside the interval (and slack) the cue match decays as exp(-days / scale).
    public var timeCueScaleDays: Double

    /// - Parameters: see the properties; defaults are the tuned values.
    public init(analyzer: TextAnalyzer = TextAnalyzer(), bm25: BM25Parameters = BM25Parameters(),
                episodeBM25: BM25Parameters = BM25Parameters(), neighbourWindow: Int = 3, neighbourDecay: Double = 0.5,
                weights: RetrievalWeights = RetrievalWeights(), fusion: Fusion = .weightedSum,
                recencyHalfLifeDays: Double = 30, recencyHalfLifeItems: Double = 500,
                timeCueSlackDays: Double = 3, timeCueScaleDays: Double = 14) {
        self.analyzer = analyzer
        self.bm25 = bm25
        self.episodeBM25 = episodeBM25
        self.neighbourWindow = neighbourWindow
        self.neighbourDecay = neighbourDecay
        self.weights = weights
        self.fusion = fusion
        self.recencyHalfLifeDays = recencyHalfLifeDays
        self.recencyHalfLifeItems = recencyHalfLifeItems
        self.timeCueSlackDays = timeCueSlackDays
        self.timeCueScaleDays = timeCueScaleDays
    }
}
