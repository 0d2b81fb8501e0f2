/// Everything that shapes the ``Retriever``'s ranking; tuned values and how they were tuned are
/// in docs/retrieval.md.
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
    /// What an item receives from its later neighbours, relative to its earlier ones (1 = symmetric).
    public var neighbourFromLater: Double
    /// Only this many items with the best own BM25 lend to their neighbours (bounds the work of a
    /// query in a large memory).
    public var neighbourSources: Int
    /// All items of this many best-matching episodes become candidates (the others only through
    /// their own or their neighbours' words).
    public var episodeCandidates: Int
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
    /// Pseudo relevance feedback: how many top items lend terms to the query (RM3).
    public var feedbackDocuments: Int
    /// Pseudo relevance feedback: how many terms are added.
    public var feedbackTerms: Int
    /// Pseudo relevance feedback: λ, the share of the expansion in the new query (0 = off).
    public var feedbackWeight: Double
    /// Each item already ranked from the same episode multiplies the next one's score by this
    /// (1 = no diversity).
    public var episodeDiversity: Double

    /// - Parameters: see the properties; defaults are the tuned values.
    public init(analyzer: TextAnalyzer = TextAnalyzer(), bm25: BM25Parameters = BM25Parameters(k1: 1.2, b: 0.3),
                episodeBM25: BM25Parameters = BM25Parameters(k1: 0.6, b: 0.75), neighbourWindow: Int = 6, neighbourDecay: Double = 0.5,
                neighbourFromLater: Double = 1, episodeCandidates: Int = 10, neighbourSources: Int = 1000,
                weights: RetrievalWeights = RetrievalWeights(), fusion: Fusion = .weightedSum,
                recencyHalfLifeDays: Double = 30, recencyHalfLifeItems: Double = 500,
                timeCueSlackDays: Double = 0, timeCueScaleDays: Double = 1,
                feedbackDocuments: Int = 5, feedbackTerms: Int = 10, feedbackWeight: Double = 0, episodeDiversity: Double = 1) {
        self.analyzer = analyzer
        self.bm25 = bm25
        self.episodeBM25 = episodeBM25
        self.neighbourWindow = neighbourWindow
        self.neighbourDecay = neighbourDecay
        self.neighbourFromLater = neighbourFromLater
        self.episodeCandidates = episodeCandidates
        self.neighbourSources = neighbourSources
        self.weights = weights
        self.fusion = fusion
        self.recencyHalfLifeDays = recencyHalfLifeDays
        self.recencyHalfLifeItems = recencyHalfLifeItems
        self.timeCueSlackDays = timeCueSlackDays
        self.timeCueScaleDays = timeCueScaleDays
        self.feedbackDocuments = feedbackDocuments
        self.feedbackTerms = feedbackTerms
        self.feedbackWeight = feedbackWeight
        self.episodeDiversity = episodeDiversity
    }
}
