import Foundation

/// One version of a sketchpad slot, valid from `validFrom` until `validTo` (nil: still current).
/// A superseded version is kept with the time, turn and event that superseded it; a deletion is a version
/// whose value is nil (a tombstone), so the history of every change stays readable.
public struct SlotVersion: Sendable, Codable, Equatable {
    public enum Operation: String, Sendable, Codable, CaseIterable { case set, append, remove, delete }

    /// Per-session sequence number of the change.
    public var version: Int64
    public var key: SlotKey
    /// nil after a delete.
    public var value: SlotValue?
    public var operation: Operation
    public var validFrom: Date
    public var validTo: Date?
    public var setTurn: Int64
    /// The received event that produced the change (nil for caller updates).
    public var setEvent: Int64?
    public var supersededTurn: Int64?
    public var supersededEvent: Int64?
    /// Who made the change: "caller" or "extracted" (from a turn by `FactExtractor`); "forgotten" once the
    /// text it came from was forgotten (its value is then gone).
    public var source: String

    /// The source of a version whose value was redacted by a forget.
    public static let forgottenSource = "forgotten"
}
