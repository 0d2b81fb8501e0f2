import Foundation

/// One recorded decision of a gate, with the features that drove it: the answer to
/// "why is this in my prompt?" and "why did this fade?". Stored in the session's trace (table `decisions`).
public struct GateDecision: Sendable, Codable, Equatable {
    public enum Gate: String, Sendable, Codable, CaseIterable { case input, forget, output, caller }
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        /// input gate: stored as a new item / not stored / repeat of a stored item, which was refreshed
        case admitted, rejected, rehearsed
        /// forget gate: strength fell under the fade threshold / a faded item came back / left the verbal buffer
        case faded, revived, evicted
        /// output gate: put into a context / considered and left out
        case selected, dropped
        /// caller: explicit changes
        case added, modified, deleted, pinned, unpinned, cleared, superseded
    }

    /// Per-session sequence number of the decision.
    public var seq: Int64
    /// The session's turn counter when it was taken.
    public var turn: Int64
    public var time: Date
    public var gate: Gate
    public var outcome: Outcome
    public var itemID: Int64?
    public var eventSeq: Int64?
    /// The gate's value (input gate i, forget strength, output score...).
    public var score: Double
    /// Named features, e.g. `novelty`, `salience`, `explicit`, `strength`, `relevance`, `bm25`.
    public var features: [String: Double]
    /// A sentence for people.
    public var note: String
}
