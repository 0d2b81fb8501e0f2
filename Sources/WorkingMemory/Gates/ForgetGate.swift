import Foundation

/// The forget gate: how much of an item's strength survives since it was last updated.
/// `f = turnDecay^Δturns · 2^(−Δdays / halfLifeDays)`, `f = 1` for pinned items. Applying f lazily in closed form
/// equals applying the per-event factor at every event (the product of the factors), without touching every
/// item at every event.
public struct ForgetGate: Sendable {
    public var parameters: GateParameters

    public init(parameters: GateParameters) { self.parameters = parameters }

    /// The forget factor between the item's last update and (`turn`, `time`).
    public func factor(for item: MemoryItem, turn: Int64, time: Date) -> Double {
        if item.pinned { return 1 }
        let turns = Double(max(0, turn - item.cellTurn))
        let days = max(0, time.timeIntervalSince(item.cellTime)) / 86_400
        return pow(parameters.turnDecay, turns) * pow(2, -days / parameters.halfLifeDays)
    }

    /// The current strength of a cell (same value as `strength(of:turn:time:)`).
    func strength(of c: ItemCell, turn: Int64, time: Double) -> Double {
        if c.pinned { return c.cell }
        let turns = Double(max(0, turn - c.cellTurn))
        let days = max(0, time - c.cellTime) / 86_400
        // One exp instead of two pows: f = exp(Δturns·ln(turnDecay) − Δdays·ln2/halfLife).
        return c.cell * exp(turns * log(parameters.turnDecay) - days * M_LN2 / parameters.halfLifeDays)
    }

    /// The item's current strength `f·c`.
    public func strength(of item: MemoryItem, turn: Int64, time: Date) -> Double {
        item.cell * factor(for: item, turn: turn, time: time)
    }

    /// Features that explain the current strength (for the trace and `explain`).
    public func features(of item: MemoryItem, turn: Int64, time: Date) -> [String: Double] {
        [
            "cell": item.cell, "turnsSinceUpdate": Double(max(0, turn - item.cellTurn)),
            "daysSinceUpdate": max(0, time.timeIntervalSince(item.cellTime)) / 86_400,
            "forget": factor(for: item, turn: turn, time: time), "strength": strength(of: item, turn: turn, time: time),
            "pinned": item.pinned ? 1 : 0, "uses": Double(item.uses),
        ]
    }

    /// `c ← f·c + i·ĉ` with `ĉ = 1`: the update of an item that is rehearsed or used at (`turn`, `time`).
    public func refreshed(_ item: MemoryItem, gain: Double, turn: Int64, time: Date) -> MemoryItem {
        var item = item
        item.cell = strength(of: item, turn: turn, time: time) + gain
        item.cellTurn = turn
        item.cellTime = max(time, item.cellTime)
        item.uses += 1
        item.status = .active
        return item
    }
}
