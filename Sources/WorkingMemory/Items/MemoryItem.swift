import Foundation

/// One admitted memory: a turn the input gate let in, or a note the caller added.
///
/// Its strength is an LSTM cell state `c` (Hochreiter & Schmidhuber 1997; Gers et al. 2000, forget gate):
/// `c_t = f_t · c_{t-1} + i_t · ĉ_t`. Only touched items are written at an event; for the others the forget
/// gate is applied lazily in closed form (`ForgetGate.strength`), which is exactly the product of the per-event
/// forget factors since `cellTurn`/`cellTime`.
public struct MemoryItem: Sendable, Codable, Equatable, Identifiable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case turn, note }
    public enum Status: String, Sendable, Codable, CaseIterable { case active, faded }

    /// Per-session sequence number (1, 2, ...).
    public let id: Int64
    public var kind: Kind
    public var role: MemoryEvent.Role
    public var text: String
    public var speaker: String?
    /// When the remembered thing happened.
    public var time: Date
    /// The received event that produced it (nil for notes added through `add`).
    public var eventSeq: Int64?
    public var episode: String
    /// Tokens of `text` by the session's counter.
    public var tokens: Int
    /// Cell state `c` as of `cellTurn` / `cellTime` (before the lazily applied forget gate).
    public var cell: Double
    public var cellTurn: Int64
    public var cellTime: Date
    /// Pinned items never decay (forget gate f = 1).
    public var pinned: Bool
    public var status: Status
    /// How many times the item reached a context or was rehearsed.
    public var uses: Int
    public var metadata: [String: String]
}
