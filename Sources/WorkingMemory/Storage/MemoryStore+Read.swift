import Foundation

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
    func load(session s: Int64, tenant: String) throws -> LoadedSession {
        try reading(tenant, "restore session") { try Self.load(session: s, $0) }
    }

    /// The session's committed version, or nil when its row is gone (another process forgot it).
    static func version(session s: Int64, _ c: any StoreConnection) throws -> Int64? {
        try c.value("SELECT version FROM sessions WHERE id = ?", [.integer(s)]).map { v in
            guard let x = Int64.from(v) else { throw StoredRow(SQLRow(columns: ["version"], values: [v]), table: "sessions", key: { _ in "id \(s)" }).wrong("version", v, "a Int64") }
            return x
        }
    }

    /// The session's version and reset version, in a write transaction: the backend's lock on the session
    /// (PostgreSQL: `FOR UPDATE` on its row, so writers of one session queue here and writers of others do not).
    static func lockedVersion(session s: Int64, _ c: any StoreConnection) throws -> (version: Int64, reset: Int64)? {
        guard let raw = try c.rows("SELECT version, reset FROM sessions WHERE id = ?" + c.dialect.lockSuffix, [.integer(s)]).first else { return nil }
        let r = StoredRow(raw, table: "sessions", key: { _ in "id \(s)" })
        return (try r("version"), try r("reset"))
    }

    /// Reads a whole session in one snapshot (a read or a write transaction). Every value is checked
    /// (`StoredRow`): a wrong-typed value is an error naming its table, column and row.
    static func load(session s: Int64, _ c: any StoreConnection) throws -> LoadedSession {
        guard let raw = try c.rows("SELECT * FROM sessions WHERE id = ?", [.integer(s)]).first else {
            throw MemoryError.notFound("session row \(s) (deleted by another process?)")
        }
        let row = StoredRow(raw, table: "sessions", key: { _ in "id \(s)" })
        let parameters = try row.json("parameters", GateParameters.self)
        do { try parameters.validate() } catch let MemoryError.invalidArgument(m) {
            throw MemoryError.storage("sessions.parameters of row id \(s): \(m); the database was changed outside wm (nothing was changed)")
        }
        let rows = rowReader(session: s, since: nil, c)
        return LoadedSession(
            created: try row.date("created"), version: try row("version"), counters: try row.json("counters", SessionCounters.self),
            parameters: parameters, items: try items(rows), buffer: try buffer(rows), slots: try slots(rows), goals: try goals(rows),
            steps: try steps(rows))
    }

    /// Reads a table's rows of a session, in key order; with `since`, only rows written after that version.
    typealias RowReader = (_ table: String, _ keyColumn: String) throws -> [StoredRow]

    static func rowReader(session s: Int64, since: Int64?, _ c: any StoreConnection) -> RowReader {
        { table, keyColumn in
            let filter = since == nil || table == "buffer" ? "" : " AND changed > ?"
            let args: [SQLValue] = since.map { [.integer(s), .integer($0)] } ?? [.integer(s)]
            return try c.rows("SELECT * FROM \(table) WHERE session = ?\(filter) ORDER BY \(keyColumn)", filter.isEmpty ? [.integer(s)] : args).map { r in
                StoredRow(r, table: table, key: { "session \(s), \(keyColumn) \($0[keyColumn])" })
            }
        }
    }

    static func items(_ rows: RowReader) throws -> [MemoryItem] {
        try rows("items", "id").map { r in
            MemoryItem(
                id: try r("id"), kind: try r.choice("kind", MemoryItem.Kind.self), role: try r.choice("role", MemoryEvent.Role.self),
                text: try r("text"), speaker: try r.optional("speaker"), time: try r.date("time"), eventSeq: try r.optional("event_seq"),
                episode: try r("episode"), tokens: try r("tokens"), cell: try finite(r, "cell"), cellTurn: try r("cell_turn"),
                cellTime: try r.date("cell_time"), pinned: try r("pinned"), status: try r.choice("status", MemoryItem.Status.self),
                uses: try r("uses"), metadata: try strings(r, "metadata"))
        }
    }

    static func buffer(_ rows: RowReader) throws -> [BufferedTurn] {
        try rows("buffer", "event_seq").map { r in
            BufferedTurn(eventSeq: try r("event_seq"), role: try r.choice("role", MemoryEvent.Role.self), text: try r("text"),
                         speaker: try r.optional("speaker"), time: try r.date("time"), tokens: try r("tokens"),
                         refreshedTurn: try r("refreshed_turn"), itemID: try r.optional("item_id"))
        }
    }

    static func slots(_ rows: RowReader) throws -> [SlotVersion] {
        try rows("slots", "version").map { r in
            let value: String? = try r.optional("value")
            return SlotVersion(
                version: try r("version"), key: SlotKey(entity: try r("entity"), attribute: try r("attribute")),
                value: try value.map { _ in try r.json("value", SlotValue.self) },
                operation: try r.choice("operation", SlotVersion.Operation.self),
                validFrom: try r.date("valid_from"), validTo: try r.optionalDate("valid_to"), setTurn: try r("set_turn"),
                setEvent: try r.optional("set_event"), supersededTurn: try r.optional("superseded_turn"),
                supersededEvent: try r.optional("superseded_event"), source: try r("source"))
        }
    }

    static func goals(_ rows: RowReader) throws -> [Goal] {
        try rows("goals", "id").map { r in
            Goal(id: try r("id"), parentID: try r.optional("parent"), text: try r("text"), status: try r.choice("status", Goal.Status.self),
                 created: try r.date("created"), closed: try r.optionalDate("closed"), result: try r.optional("result"))
        }
    }

    static func steps(_ rows: RowReader) throws -> [PlanStep] {
        try rows("steps", "id").map { r in
            PlanStep(id: try r("id"), goalID: try r("goal"), position: try r("position"), text: try r("text"),
                     status: try r.choice("status", PlanStep.Status.self), result: try r.optional("result"), updated: try r.date("updated"))
        }
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
    func decisions(session s: Int64, tenant: String, itemID: Int64? = nil, gate: GateDecision.Gate? = nil, limit: Int? = nil) throws -> [GateDecision] {
        try reading(tenant, "read decisions") { c in
                var sql = "SELECT * FROM decisions WHERE session = ?"
                var args: [SQLValue] = [.integer(s)]
                if let itemID { sql += " AND item_id = ?"; args.append(.integer(itemID)) }
                if let gate { sql += " AND gate = ?"; args.append(.text(gate.rawValue)) }
                sql += " ORDER BY seq DESC"
                if let limit { sql += " LIMIT \(max(0, limit))" }
                return try c.rows(sql, args).reversed().map { raw in
                    let r = StoredRow(raw, table: "decisions", key: { "session \(s), seq \($0["seq"])" })
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

    /// Received events of a session in order (the acknowledged log), forgotten ones left out.
    func events(session s: Int64, tenant: String) throws -> [(seq: Int64, event: MemoryEvent)] {
        try reading(tenant, "read events") { c in
                try c.rows("SELECT * FROM events WHERE session = ? AND forgotten IS NULL ORDER BY seq", [.integer(s)]).map { raw in
                    let r = StoredRow(raw, table: "events", key: { "session \(s), seq \($0["seq"])" })
                    let e = MemoryEvent(try r.choice("role", MemoryEvent.Role.self), try r("text"), time: try r.date("time"),
                                        speaker: try r.optional("speaker"), metadata: try Self.strings(r, "metadata"),
                                        remember: try r("remember"), episode: try r.optional("episode"))
                    return (try r("seq"), e)
                }
            }
    }
}
