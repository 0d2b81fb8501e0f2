import Foundation
import GRDB

/// Everything stored for one session, as read back on restore.
struct LoadedSession {
    var created: Date
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
        try guarded("restore session") {
            try writer.read { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sessions WHERE id = ?", arguments: [s]) else {
                    throw MemoryError.notFound("session row \(s)")
                }
                let date = { (x: Double) in Date(timeIntervalSince1970: x) }
                let items = try Row.fetchAll(db, sql: "SELECT * FROM items WHERE session = ? ORDER BY id", arguments: [s]).map { r in
                    MemoryItem(
                        id: r["id"], kind: MemoryItem.Kind(rawValue: r["kind"]) ?? .turn,
                        role: MemoryEvent.Role(rawValue: r["role"]) ?? .user, text: r["text"], speaker: r["speaker"],
                        time: date(r["time"]), eventSeq: r["event_seq"], episode: r["episode"], tokens: r["tokens"],
                        cell: r["cell"], cellTurn: r["cell_turn"], cellTime: date(r["cell_time"]), pinned: r["pinned"],
                        status: MemoryItem.Status(rawValue: r["status"]) ?? .active, uses: r["uses"],
                        metadata: try CompactJSON.decodeStrings(r["metadata"]))
                }
                let buffer = try Row.fetchAll(db, sql: "SELECT * FROM buffer WHERE session = ? ORDER BY event_seq", arguments: [s]).map { r in
                    BufferedTurn(eventSeq: r["event_seq"], role: MemoryEvent.Role(rawValue: r["role"]) ?? .user,
                                 text: r["text"], speaker: r["speaker"], time: date(r["time"]), tokens: r["tokens"],
                                 refreshedTurn: r["refreshed_turn"], itemID: r["item_id"])
                }
                let slots = try Row.fetchAll(db, sql: "SELECT * FROM slots WHERE session = ? ORDER BY version", arguments: [s]).map { r in
                    let value: String? = r["value"]
                    let validTo: Double? = r["valid_to"]
                    return SlotVersion(
                        version: r["version"], key: SlotKey(entity: r["entity"], attribute: r["attribute"]),
                        value: try value.map { try Self.decode(SlotValue.self, $0) },
                        operation: SlotVersion.Operation(rawValue: r["operation"]) ?? .set,
                        validFrom: date(r["valid_from"]), validTo: validTo.map(date), setTurn: r["set_turn"],
                        setEvent: r["set_event"], supersededTurn: r["superseded_turn"],
                        supersededEvent: r["superseded_event"], source: r["source"])
                }
                let goals = try Row.fetchAll(db, sql: "SELECT * FROM goals WHERE session = ? ORDER BY id", arguments: [s]).map { r in
                    let closed: Double? = r["closed"]
                    return Goal(id: r["id"], parentID: r["parent"], text: r["text"],
                                status: Goal.Status(rawValue: r["status"]) ?? .open, created: date(r["created"]),
                                closed: closed.map(date), result: r["result"])
                }
                let steps = try Row.fetchAll(db, sql: "SELECT * FROM steps WHERE session = ? ORDER BY id", arguments: [s]).map { r in
                    PlanStep(id: r["id"], goalID: r["goal"], position: r["position"], text: r["text"],
                             status: PlanStep.Status(rawValue: r["status"]) ?? .pending, result: r["result"],
                             updated: date(r["updated"]))
                }
                return LoadedSession(
                    created: date(row["created"]), counters: try Self.decode(SessionCounters.self, row["counters"]),
                    parameters: try Self.decode(GateParameters.self, row["parameters"]), items: items, buffer: buffer,
                    slots: slots, goals: goals, steps: steps)
            }
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
                return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).reversed().map { r in
                    GateDecision(seq: r["seq"], turn: r["turn"], time: Date(timeIntervalSince1970: r["time"]),
                                 gate: GateDecision.Gate(rawValue: r["gate"]) ?? .caller,
                                 outcome: GateDecision.Outcome(rawValue: r["outcome"]) ?? .added, itemID: r["item_id"],
                                 eventSeq: r["event_seq"], score: r["score"],
                                 features: try CompactJSON.decodeDoubles(r["features"]), note: r["note"])
                }
            }
        }
    }

    /// Received events of a session in order (the acknowledged log), forgotten ones left out.
    func events(session s: Int64) throws -> [(seq: Int64, event: MemoryEvent)] {
        try guarded("read events") {
            try writer.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM events WHERE session = ? AND forgotten IS NULL ORDER BY seq", arguments: [s]).map { r in
                    let e = MemoryEvent(MemoryEvent.Role(rawValue: r["role"]) ?? .user, r["text"],
                                        time: Date(timeIntervalSince1970: r["time"]), speaker: r["speaker"],
                                        metadata: try CompactJSON.decodeStrings(r["metadata"]), remember: r["remember"],
                                        episode: r["episode"])
                    return (r["seq"], e)
                }
            }
        }
    }
}
