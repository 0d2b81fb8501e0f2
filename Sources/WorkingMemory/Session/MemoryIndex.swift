import Foundation

/// What the episodic store needs from a search index: add, remove, ranked search with per-signal features.
/// The implementation is the retrieval component's `Retriever` (`RetrieverIndex` adapts it); the protocol keeps
/// the session independent of how ranking is done, so a vector side can plug in later.
public protocol MemoryIndex: AnyObject {
    /// Adds documents (one per memory item) in order.
    func add(_ documents: [IndexedDocument])
    /// Removes an item (caller deletion).
    func remove(id: Int64)
    /// - Parameters:
    ///   - text: the question.
    ///   - date: when it is asked (time cues, recency).
    ///   - limit: number of hits wanted.
    ///   - strength: the item's current strength (forget gate applied), asked only for scored candidates.
    /// - Returns: hits best first.
    func search(_ text: String, date: Date?, limit: Int, strength: @escaping @Sendable (Int64) -> Double) -> [IndexHit]
    /// The analysed terms of a text (same analysis as the index), for novelty and diversity.
    func terms(_ text: String) -> [String]
}

/// A memory item as the index sees it.
public struct IndexedDocument: Sendable, Equatable {
    public var id: Int64
    public var text: String
    public var date: Date?
    public var speaker: String?
    public var episode: String?
    public var order: Int
}

/// One ranked hit: the item, its fused score and the features behind it.
public struct IndexHit: Sendable, Equatable {
    public var id: Int64
    public var score: Double
    public var features: [String: Double]
}
