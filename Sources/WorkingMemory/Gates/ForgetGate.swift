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

    /// The update of an item that is rehearsed or used at (`turn`, `time`): a saturating form of the cell
    /// update `c ← f·c + i·ĉ`,
    ///
    ///     c ← f·c + i·(C − f·c)/C        C = strengthCeiling, i = gain (rehearsalGain or useGain)
    ///
    /// Each use closes the share `i` of the gap to the ceiling, like the error term of the Rescorla–Wagner
    /// learning rule (ΔV = αβ(λ − V), Rescorla & Wagner 1972): strength rises quickly for a fresh item and
    /// never passes `C`, so an item that keeps reaching contexts cannot outgrow every other one (the plain
    /// `f·c + i` grew without bound, 15.2 after 83 uses of one query: a rich-get-richer loop, since a
    /// stronger item ranks higher and is used again). A cell above the ceiling (stored before this rule)
    /// moves down towards it. Pinned items keep `f = 1` and are bounded the same way.
    public func refreshed(_ item: MemoryItem, gain: Double, turn: Int64, time: Date) -> MemoryItem {
        var item = item
        let fc = strength(of: item, turn: turn, time: time)
        let ceiling = parameters.strengthCeiling
        item.cell = fc + gain * (ceiling - fc) / ceiling
        item.cellTurn = turn
        item.cellTime = max(time, item.cellTime)
        item.uses += 1
        item.status = .active
        return item
    }
}
