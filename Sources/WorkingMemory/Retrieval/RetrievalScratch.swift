/// Buffers a ``Retriever`` search needs, one entry per item slot, kept between searches so a
/// query costs work proportional to the items it touches, not to the memory's size.
///
/// Between searches every entry is zero (false); a search borrows the arrays and clears what it
/// touched before giving them back. Keep one per memory (it is a value: not shared by threads).
public struct RetrievalScratch: Sendable {
    var scores: [Float] = []
    var neighbours: [Float] = []
    var isCandidate: [Bool] = []

    public init() {}

    /// Moves an array out (leaving an empty one, so the caller holds the only reference and
    /// mutates in place), grown to `count` entries of `zero`.
    mutating func take<T>(_ path: WritableKeyPath<RetrievalScratch, [T]>, count: Int, zero: T) -> [T] {
        var a: [T] = []
        swap(&a, &self[keyPath: path])
        if a.count < count { a.append(contentsOf: repeatElement(zero, count: count - a.count)) }
        return a
    }
}
