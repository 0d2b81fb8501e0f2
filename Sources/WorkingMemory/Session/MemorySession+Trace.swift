import Foundation

/// The answer to "why is this item where it is?": its current state and every decision about it.
public struct Explanation: Sendable, Equatable {
    public var item: MemoryItem?
    /// Forget-gate features now (cell, turns and days since update, forget factor, strength, pinned).
    public var forget: [String: Double]
    /// Every recorded decision about the item, oldest first.
    public var decisions: [GateDecision]
}

extension MemorySession {
    /// Recorded gate decisions, oldest first.
    /// - Parameters:
    ///   - itemID: only decisions about this item.
    ///   - gate: only this gate's decisions.
    ///   - limit: only the latest `limit`.
    public func decisions(item itemID: Int64? = nil, gate: GateDecision.Gate? = nil, limit: Int? = nil) throws -> [GateDecision] {
        let row = read { state.row }
        return try store.decisions(session: row, tenant: namespace.tenant, itemID: itemID, gate: gate, limit: limit)
    }

    /// Why an item is (or is not) in the prompt, why it faded: its forget features now and its decisions.
    /// - Throws: `.notFound` when the item never existed in this session.
    public func explain(_ itemID: Int64) throws -> Explanation {
        try refreshIfChanged()
        let (item, forget) = read { () -> (MemoryItem?, [String: Double]) in
            let it = state.episodic[itemID]
            return (it, it.map { ForgetGate(parameters: state.parameters).features(of: $0, turn: state.counters.turn, time: state.now) } ?? [:])
        }
        let decisions = try self.decisions(item: itemID)
        if item == nil && decisions.isEmpty { throw MemoryError.notFound("item \(itemID) in session \(namespace)") }
        return Explanation(item: item, forget: forget, decisions: decisions)
    }

    /// The received events, in order (the acknowledged log).
    public func events() throws -> [(seq: Int64, event: MemoryEvent)] {
        try store.events(session: read { state.row }, tenant: namespace.tenant)
    }

    /// How many events the session received, and how many of those were forgotten (their tombstones keep the
    /// count true: `received` equals the turn counter).
    public func eventCounts() throws -> (received: Int, forgotten: Int) {
        try store.eventCounts(session: read { state.row }, tenant: namespace.tenant)
    }
}
