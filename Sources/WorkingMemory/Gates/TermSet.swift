/// A set of analysed terms as sorted hash values: Jaccard similarity by a linear merge, no hashing of strings
/// and no allocation per comparison. The novelty check compares each turn with ~100 others, so this is on the
/// hot path of `receive`. Hash values are per process; term sets are never stored.
public struct TermSet: Sendable, Equatable {
    public let hashes: [Int]

    public init(_ terms: [String]) { hashes = Array(Set(terms.map(\.hashValue))).sorted() }

    public var isEmpty: Bool { hashes.isEmpty }

    /// |a ∩ b| / |a ∪ b|, 0 for two empty sets.
    public func jaccard(_ other: TermSet) -> Double {
        let a = hashes, b = other.hashes
        if a.isEmpty && b.isEmpty { return 0 }
        var i = 0, j = 0, inter = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { inter += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return Double(inter) / Double(a.count + b.count - inter)
    }
}
