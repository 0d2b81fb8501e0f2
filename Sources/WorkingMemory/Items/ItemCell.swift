import Foundation

/// The part of a `MemoryItem` the forget gate reads: its cell state and when it was last updated. Plain values,
/// so thousands can be read per query without copying items.
struct ItemCell: Sendable, Equatable {
    var cell: Double
    var cellTurn: Int64
    /// Seconds since 1970.
    var cellTime: Double
    var pinned: Bool

    init(_ item: MemoryItem) {
        cell = item.cell
        cellTurn = item.cellTurn
        cellTime = item.cellTime.timeIntervalSince1970
        pinned = item.pinned
    }
}
