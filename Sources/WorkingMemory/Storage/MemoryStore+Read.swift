import Foundation
import GRDB

/// Everything stored for one session, as read back on restore.
struct LoadedSession {
    var created: Date
    /// Committed writes so far (`sessions.version`).
    var version: Int64
    var counters: SessionCounters
    var parameters: GateParameters
    var items: [MemoryItem]
    var buffer: [BufferedTurn]
    var slots: [SlotVersion]
    var goals: [Goal]
    var steps: [PlanStep]
}

extension MemoryStore {
    func load(session s: Int64) throws -> LoadedSession {
        try guarded("restore session") { try writer.read { try Self.load(session: s, $0) } }
    }

    /// The session's committed version, or nil when its row is gone (another process forgot it).
    static func version(session s: Int64, _ db: Database) throws -> Int64? {
        // Cached: it runs inside every write transaction.
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT version FROM sessions WHERE id = ?"), arguments: [s])
    }

    func version(session s: Int64) throws -> Int64? {
        try guarded("read session version") { try writer.read { try Self.version(session: s, $0) } }
    }

    /// Reads a whole session in one snapshot (a read or a write transaction). Every value is checked
    /// (`StoredRow`): a wrong-typed value is an error naming its table, column and row.
    static func load(session s: Int64, _ db: Database) throws -> LoadedSession {
        guard let raw = try Row.fetchOne(db, sql: "SELECT * FROM sessions WHERE id = ?", arguments: [s]) else {
            throw MemoryError.notFound("session row \(s) (deleted by another process?)")
        }
        let row = StoredRow(raw, table: "sessions", key: { _ in "id \(s)" })
        func rows(_ table: String, _ order: String, _ keyColumn: String) throws -> [StoredRow] {
            try Row.fetchAll(db, sql: "SELECT * FROM \(table) WHERE session = ? ORDER BY \(order)", arguments: [s]).map { r in
                StoredRow(r, table: table, key: { "session \(s), \(keyColumn) \($0[keyColumn] as DatabaseValue)" })
            }
        }
        let items = try rows("items", "id", "id").map { r in
            MemoryItem(
                id: try r("id"), kind: try r.choice("kind", MemoryItem.Kind.self), role: try r.choice("role", MemoryEvent.Role.self),
                text: try r("text"), speaker: try r.optional("speaker"), time: try r.date("time"), eventSeq: try r.optional("event_seq"),
                episode: try r("episode"), tokens: try r("tokens"), cell: try finite(r, "cell"), cellTurn: try r("cell_turn"),
                cellTime: try r.date("cell_time"), pinned: try r("pinned"), status: try r.choice("status", MemoryItem.Status.self),
                uses: try r("uses"), metadata: try strings(r, "metadata"))
        }
        let buffer = try rows("buffer", "event_seq", "event_seq").map { r in
            BufferedTurn(eventSeq: try r("event_seq"), role: try r.choice("role", MemoryEvent.Role.self), text: try r("text"),
                         speaker: try r.optional("speaker"), time: try r.date("time"), tokens: try r("tokens"),
                         refreshedTurn: try r("refreshed_turn"), itemID: try r.optional("item_id"))
        }
        let slots = try rows("slots", "version", "version").map { r in
            let value: String? = try r.optional("value")
            return SlotVersion(
                version: try r("version"), key: SlotKey(entity: try r("entity"), attribute: try r("attribute")),
                value: try value.map { _ in try r.json("value", SlotValue.self) },
                operation: try r.choice("operation", SlotVersion.Operation.self),
                validFrom: try r.date("valid_from"), validTo: try r.optionalDate("valid_to"), setTurn: try r("set_turn"),
                setEvent: try r.optional("set_event"), supersededTurn: try r.optional("superseded_turn"),
                supersededEvent: try r.optional("superseded_event"), source: try r("source"))
        }
        let goals = try rows("goals", "id", "id").map { r in
            Goal(id: try r("id"), parentID: try r.optional("parent"), text: try r("text"), status: try r.choice("status", Goal.Status.self),
                 created: try r.date("created"), closed: try r.optionalDate("closed"), result: try r.optional("result"))
        }
        let steps = try rows("steps", "id", "id").map { r in
            PlanStep(id: try r("id"), goalID: try r("goal"), position: try r("position"), text: try r("text"),
                     status: try r.choice("status", PlanStep.Status.self), result: try r.optional("result"), updated: try r.date("updated"))
        }
        let parameters = try row.json("parameters", GateParameters.self)
        do { try parameters.validate() } catch let MemoryError.invalidArgument(m) {
            throw MemoryError.storage("sessions.parameters of row id \(s): \(m); the database was changed outside wm (nothing was changed)")
        }
        return LoadedSession(
            created: try row.date("created"), version: try row("version"), counters: try row.json("counters", SessionCounters.self),
            parameters: parameters, items: items, buffer: buffer, slots: slots, goals: goals, steps: steps)
    }

    static func finite(_ r: StoredRow, _ column: String) throws -> Double {
        let x: Double = try r(column)
        guard x.isFinite else { throw r.wrong(column, r.row[column], "a finite number") }
        return x
    }

    static func strings(_ r: StoredRow, _ column: String) throws -> [String: String] {
        let text: String = try r(column)
        do { return try CompactJSON.decodeStrings(text) } catch {
            throw r.wrong(column, r.row[column], "a JSON object of strings (\(JSONErrorText.describe(error)))")
        }
    }

    /// Gate decisions of a session, oldest first, filtered by item and gate.
    func decisions(session s: Int64, itemID: Int64? = nil, gate: GateDecision.Gate? = nil, limit: Int? = nil) throws -> [GateDecision] {
        try guarded("read decisions") {
            try writer.read { db in
                var sql = "SELECT * FROM decisions WHERE session = ?"
                var args: [any DatabaseValueConvertible] = [s]
                if let itemID { sql += " AND item_id = ?"; args.append(itemID) }
                if let gate { sql += " AND gate = ?"; args.append(gate.rawValue) }
                sql += " ORDER BY seq DESC"
                if let limit { sql += " LIMIT \(max(0, limit))" }
                return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).reversed().map { raw in
                    let r = StoredRow(raw, table: "decisions", key: { "session \(s), seq \($0["seq"] as DatabaseValue)" })
                    let features: [String: Double]
                    do { features = try CompactJSON.decodeDoubles(try r("features")) } catch let e as MemoryError { throw e } catch {
                        throw r.wrong("features", raw["features"], "a JSON object of numbers (\(JSONErrorText.describe(error)))")
                    }
                    return GateDecision(seq: try r("seq"), turn: try r("turn"), time: try r.date("time"),
                                        gate: try r.choice("gate", GateDecision.Gate.self),
                                        outcome: try r.choice("outcome", GateDecision.Outcome.self), itemID: try r.optional("item_id"),
                                        eventSeq: try r.optional("event_seq"), score: try r("score"), features: features, note: try r("note"))
                }
            }
        }
    }

    /// Received events of a session in order (the acknowledged log), forgotten ones left out.
    func events(session s: Int64) throws -> [(seq: Int64, event: MemoryEvent)] {
        try guarded("read events") {
            try writer.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM events WHERE session = ? AND forgotten IS NULL ORDER BY seq", arguments: [s]).map { raw in
                    let r = StoredRow(raw, table: "events", key: { "session \(s), seq \($0["seq"] as DatabaseValue)" })
                    let e = MemoryEvent(try r.choice("role", MemoryEvent.Role.self), try r("text"), time: try r.date("time"),
                                        speaker: try r.optional("speaker"), metadata: try Self.strings(r, "metadata"),
                                        remember: try r("remember"), episode: try r.optional("episode"))
                    return (try r("seq"), e)
                }
            }
        }
    }
}
