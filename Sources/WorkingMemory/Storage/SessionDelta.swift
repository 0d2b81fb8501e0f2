/// What other writers changed in a session since a version this process holds: the rows they wrote (items,
/// facts, goals, steps carry the version that last wrote them), the buffer (small, read whole) and the counters.
/// What lets a cached session catch up in time proportional to what it missed, not to the session's size.
struct SessionDelta {
    var version: Int64
    var counters: SessionCounters
    var items: [MemoryItem]
    var buffer: [BufferedTurn]
    var slots: [SlotVersion]
    var goals: [Goal]
    var steps: [PlanStep]
}

extension MemoryStore {
    /// The changes since `since`, or nil when they cannot be applied row by row: some writer deleted rows
    /// (a forget, a clear) or changed the parameters after `since` (`sessions.reset`), and the session must be
    /// read whole. Throws `.notFound` when the session's row is gone.
    static func changes(session s: Int64, since: Int64, _ c: any StoreConnection) throws -> SessionDelta? {
        guard let raw = try c.rows("SELECT version, reset, counters FROM sessions WHERE id = ?", [.integer(s)]).first else {
            throw MemoryError.notFound("session row \(s) (deleted by another process?)")
        }
        let row = StoredRow(raw, table: "sessions", key: { _ in "id \(s)" })
        let reset: Int64 = try row("reset")
        guard reset <= since else { return nil }
        let rows = rowReader(session: s, since: since, c)
        return SessionDelta(version: try row("version"), counters: try row.json("counters", SessionCounters.self),
                            items: try items(rows), buffer: try buffer(rows), slots: try slots(rows), goals: try goals(rows),
                            steps: try steps(rows))
    }
}
