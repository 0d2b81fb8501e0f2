import Foundation
import GRDB

/// The storage side of forgetting: finding where a text lives and erasing the freed bytes from the files.
extension MemoryStore {
    /// Events of a session that still hold their text (not tombstones), oldest first. Inside a transaction.
    static func liveEvents(session s: Int64, _ db: Database) throws -> [(seq: Int64, text: String, time: Double)] {
        try Row.fetchAll(db, sql: "SELECT seq, text, time FROM events WHERE session = ? AND forgotten IS NULL ORDER BY seq",
                         arguments: [s]).map { raw in
                             let r = StoredRow(raw, table: "events") { "session \(s), seq \($0["seq"] as DatabaseValue)" }
                             return (try r("seq"), try r("text"), try r("time"))
                         }
    }

    /// Events that were repeats of the given items (the input gate rehearsed the item instead of storing a copy).
    static func rehearsals(of items: Set<Int64>, session s: Int64, _ db: Database) throws -> Set<Int64> {
        guard !items.isEmpty else { return [] }
        let list = items.map(String.init).joined(separator: ",")
        return Set(try Int64.fetchAll(db, sql: """
            SELECT DISTINCT event_seq FROM decisions
            WHERE session = ? AND outcome = 'rehearsed' AND event_seq IS NOT NULL AND item_id IN (\(list))
            """, arguments: [s]))
    }

    /// Every decision's links and note, for finding notes that quote forgotten text.
    static func decisionNotes(session s: Int64, _ db: Database) throws -> [(seq: Int64, item: Int64?, event: Int64?, note: String)] {
        try Row.fetchAll(db, sql: "SELECT seq, item_id, event_seq, note FROM decisions WHERE session = ?", arguments: [s]).map { raw in
            let r = StoredRow(raw, table: "decisions") { "session \(s), seq \($0["seq"] as DatabaseValue)" }
            return (try r("seq"), try r.optional("item_id"), try r.optional("event_seq"), try r("note"))
        }
    }

    /// Events received by a session, and how many of them are forgotten (tombstones).
    func eventCounts(session s: Int64) throws -> (received: Int, forgotten: Int) {
        try guarded("count events") {
            try writer.read { db in
                let row = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, COUNT(forgotten) AS f FROM events WHERE session = ?", arguments: [s])
                let r = StoredRow(row ?? Row(), table: "events", key: { _ in "count" })
                return (try r("n"), try r("f"))
            }
        }
    }

    /// Moves the write-ahead log into the database file and truncates the log to zero bytes. With
    /// `secure_delete` on (every connection of this store sets it), deleted rows were overwritten with zeros in
    /// their pages; after this, no copy of them is left in the log either (https://www.sqlite.org/wal.html,
    /// "checkpointing"; https://www.sqlite.org/pragma.html#pragma_secure_delete).
    /// - Returns: false when another connection still reads an older snapshot (SQLite answers busy after the
    ///   busy timeout): its next checkpoint, at the latest when the last connection closes, finishes the job.
    func eraseFreedBytes() -> Bool {
        guard path != ":memory:" else { return true }
        do {
            try writer.writeWithoutTransaction { db in
                let r = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                // (busy, log frames, checkpointed frames): busy = 1 means the log could not be emptied.
                if let busy: Int = r?[0], busy != 0 { throw MemoryError.storage("write-ahead log busy") }
            }
            return true
        } catch {
            return false
        }
    }

    /// Deletes every session of a user (in one tenant) with everything they hold, and erases the freed bytes
    /// from the files. The operation behind "forget everything about me".
    /// - Returns: the namespaces deleted.
    @discardableResult
    public func forgetUser(_ user: String, tenant: String = Namespace.defaultTenant) throws -> [Namespace] {
        let gone: [Namespace] = try guarded("forget user") {
            try writer.write { db in
                let names = try Row.fetchAll(db, sql: "SELECT id, tenant, user, agent, name FROM sessions WHERE tenant = ? AND user = ?",
                                             arguments: [tenant, user]).map(Self.namespace)
                // ON DELETE CASCADE removes the session's rows in every other table.
                try db.execute(sql: "DELETE FROM sessions WHERE tenant = ? AND user = ?", arguments: [tenant, user])
                return names
            }
        }
        _ = eraseFreedBytes()
        return gone
    }
}
