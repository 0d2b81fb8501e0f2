import Foundation

/// One turn held verbatim in the verbal buffer.
public struct BufferedTurn: Sendable, Codable, Equatable {
    public var eventSeq: Int64
    public var role: MemoryEvent.Role
    public var text: String
    public var speaker: String?
    public var time: Date
    public var tokens: Int
    /// Turn at which it was last heard or referenced again (rehearsal keeps it in the loop).
    public var refreshedTurn: Int64
    /// The item the input gate made of it, if admitted.
    public var itemID: Int64?
}
