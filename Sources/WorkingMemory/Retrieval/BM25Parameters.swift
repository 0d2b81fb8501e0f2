import Foundation

/// The two free parameters of Okapi BM25 (Robertson & Zaragoza, "The Probabilistic Relevance
/// Framework: BM25 and Beyond", Foundations and Trends in IR 3(4), 2009, eq. 3.15).
///
/// score(q, d) = Σ_{t ∈ q} qtf(t) · idf(t) · tf(t,d)·(k1+1) / (tf(t,d) + k1·(1 − b + b·|d|/avgdl))
///
/// with Lucene's non-negative idf(t) = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5)),
/// N the number of live documents, df(t) the live documents that contain t.
public struct BM25Parameters: Sendable, Codable, Equatable {
    /// Term-frequency saturation: how fast repeated occurrences stop adding score (0 = presence only).
    public var k1: Double
    /// Length normalisation: 0 ignores document length, 1 divides fully by |d|/avgdl.
    public var b: Double

    /// - Parameters:
    ///   - k1: saturation, default 1.2 (Lucene's default).
    ///   - b: length normalisation in [0, 1], default 0.75 (Lucene's default).
    public init(k1: Double = 1.2, b: Double = 0.75) {
        self.k1 = k1
        self.b = b
    }

    /// Lucene's idf for a term in `documentFrequency` of `documentCount` documents.
    @inlinable public static func idf(documentFrequency df: Int, documentCount n: Int) -> Double {
        log(1.0 + (Double(n) - Double(df) + 0.5) / (Double(df) + 0.5))
    }
}
