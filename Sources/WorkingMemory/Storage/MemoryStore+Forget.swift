import Foundation

/// The storage side of forgetting: finding where a text lives and erasing the freed bytes from the files.
extension MemoryStore {
    /// Events of a session that still hold their text (not tombstones), oldest first. Inside a transaction.
    static func liveEvents(session s: Int64, _ c: any StoreConnection) throws -> [(seq: Int64, text: String, time: Double)] {
        try c.rows("SELECT seq, text, time FROM events WHERE session = ? AND forgotten IS NULL ORDER BY seq", [.integer(s)]).map { raw in
            let r = StoredRow(raw, table: "events") { "session \(s), seq \($0["seq"])" }
            return (try r("seq"), try r("text"), try r("time"))
        }
    }

    /// Events that were repeats of the given items (the input gate rehearsed the item instead of storing a copy).
    static func rehearsals(of items: Set<Int64>, session s: Int64, _ c: any StoreConnection) throws -> Set<Int64> {
        guard !items.isEmpty else { return [] }
        let list = items.map(String.init).joined(separator: ",")
        return Set(try c.rows("""
            SELECT DISTINCT event_seq FROM decisions
            WHERE session = ? AND outcome = 'rehearsed' AND event_seq IS NOT NULL AND item_id IN (\(list))
            """, [.integer(s)]).compactMap { Int64.from($0.first) })
    }

    /// Every decision's links and note, for finding notes that quote forgotten text.
    static func decisionNotes(session s: Int64, _ c: any StoreConnection) throws -> [(seq: Int64, item: Int64?, event: Int64?, note: String)] {
        try c.rows("SELECT seq, item_id, event_seq, note FROM decisions WHERE session = ?", [.integer(s)]).map { raw in
            let r = StoredRow(raw, table: "decisions") { "session \(s), seq \($0["seq"])" }
            return (try r("seq"), try r.optional("item_id"), try r.optional("event_seq"), try r("note"))
        }
    }

    /// Events received by a session, and how many of them are forgotten (tombstones).
    func eventCounts(session s: Int64, tenant: String) throws -> (received: Int, forgotten: Int) {
        try reading(tenant, "count events") { c in
            let row = try c.rows("SELECT COUNT(*) AS n, COUNT(forgotten) AS f FROM events WHERE session = ?", [.integer(s)]).first
            let r = StoredRow(row ?? SQLRow(columns: [], values: []), table: "events", key: { _ in "count" })
            return (try r("n"), try r("f"))
        }
    }

    /// Deletes every session of a user (in one tenant) with everything they hold, and erases the freed bytes
    /// from the files. The operation behind "forget everything about me".
    /// - Returns: the namespaces deleted.
    @discardableResult
    public func forgetUser(_ user: String, tenant: String = Namespace.defaultTenant) throws -> [Namespace] {
        let gone: [Namespace] = try transaction(tenant, "forget user") { c in
            let names = try c.rows("SELECT id, tenant, \"user\", agent, name FROM sessions WHERE tenant = ? AND \"user\" = ?",
                                   [.text(tenant), .text(user)]).map(Self.namespace)
            // ON DELETE CASCADE removes the session's rows in every other table.
            try c.execute("DELETE FROM sessions WHERE tenant = ? AND \"user\" = ?", [.text(tenant), .text(user)])
            return names
        }
        _ = eraseFreedBytes()
        return gone
    }
}
