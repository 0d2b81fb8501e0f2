import Foundation

/// What happened when an event was received: the input gate's verdict and its side effects.
public struct Reception: Sendable, Equatable {
    /// Sequence number of the stored event.
    public var eventSeq: Int64
    /// The session's turn counter after the event.
    public var turn: Int64
    /// `.admitted` (a new item), `.rehearsed` (a repeat: the stored item was refreshed) or `.rejected`.
    public var outcome: GateDecision.Outcome
    /// The new item, or the rehearsed one.
    public var itemID: Int64?
    /// Input gate value i.
    public var inputGate: Double
    /// Features of the input gate (novelty, salience, explicit, ...).
    public var features: [String: Double]
    /// Events whose turns left the verbal buffer.
    public var evicted: [Int64]
    /// Items the forget sweep marked as faded at this event.
    public var faded: [Int64]
    /// Sketchpad changes made from the turn's words (by `FactExtractor`).
    public var slotChanges: [SlotVersion]
    /// The event's own time when it lay further ahead of the wall clock than allowed and was stored at the
    /// wall clock's time (`GateParameters.futureEvents == .clamp`); nil otherwise.
    public var clampedFrom: Date? = nil
}
