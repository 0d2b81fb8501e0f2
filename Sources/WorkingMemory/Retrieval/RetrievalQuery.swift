import Foundation

/// A question to the ``Retriever``.
public struct RetrievalQuery: Sendable {
    /// The question text.
    public var text: String
    /// When it is asked: "yesterday" and recency are measured from here (default: the latest item date).
    public var date: Date?
    /// How many items to return.
    public var limit: Int
    /// Caller-provided strength per item id, in [0, 1] (the memory's gate state `c`); items without one get 0.
    public var strengths: [String: Double]
    /// Caller-provided strength as a function of the item id, asked only for the items the retriever
    /// scores (cheaper than ``strengths`` for large memories); used when an id has no entry in ``strengths``.
    public var strength: (@Sendable (String) -> Double)?
    /// Caller-provided strength as a function of the item id read as an integer (`Int64(id)`), for
    /// memories whose ids are integers: no string work per scored item. Used when ``strengths`` has no
    /// entry and ``strength`` is nil; items whose id is not an integer get 0.
    public var integerStrength: (@Sendable (Int64) -> Double)?
    /// More signals, by name (e.g. `"vector"`: cosine similarity per item id). Each is fused with the
    /// weight of that name in ``RetrievalWeights/extra``; items without a value get the signal's minimum.
    public var signals: [String: [String: Double]]

    /// - Parameters:
    ///   - text: the question.
    ///   - date: when it is asked (optional).
    ///   - limit: number of items to return (default 10).
    ///   - strengths: strength per item id (optional).
    ///   - strength: strength as a function of the item id (optional).
    ///   - integerStrength: strength as a function of the integer item id (optional).
    ///   - signals: extra named signals per item id (optional).
    public init(_ text: String, date: Date? = nil, limit: Int = 10, strengths: [String: Double] = [:],
                strength: (@Sendable (String) -> Double)? = nil, integerStrength: (@Sendable (Int64) -> Double)? = nil,
                signals: [String: [String: Double]] = [:]) {
        self.text = text
        self.date = date
        self.limit = limit
        self.strengths = strengths
        self.strength = strength
        self.integerStrength = integerStrength
        self.signals = signals
    }
}
