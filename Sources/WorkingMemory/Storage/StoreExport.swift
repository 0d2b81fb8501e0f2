import Foundation

/// The export format: JSON lines, one object per stored row, backend-neutral (the same lines from SQLite and
/// from PostgreSQL). A session opens with a `session` line (its namespace, creation time, counters, gate
/// parameters, version); its rows follow, each with `type` naming the table (`type`, since items have a `kind` column): `event` (tombstones of forgotten
/// events included), `item`, `buffer`, `decision` (the trace), `fact` (every sketchpad version: the history),
/// `goal`, `step`. Numbers print in their shortest exact form and read back exactly.
enum StoreExport {
    /// Line kinds and their tables, in export order.
    static let tables: [(kind: String, table: String, key: String)] = [
        ("event", "events", "seq"), ("item", "items", "id"), ("buffer", "buffer", "event_seq"), ("decision", "decisions", "seq"),
        ("fact", "slots", "version"), ("goal", "goals", "id"), ("step", "steps", "id"),
    ]

    /// The columns an import may write, per table (the key columns `tenant` and `session` are the target's own).
    static let columns: [String: Set<String>] = [
        "events": ["seq", "role", "text", "time", "speaker", "metadata", "remember", "episode", "forgotten"],
        "items": ["id", "kind", "role", "text", "speaker", "time", "event_seq", "episode", "tokens", "cell", "cell_turn", "cell_time",
                  "pinned", "status", "uses", "metadata", "changed"],
        "buffer": ["event_seq", "role", "text", "speaker", "time", "tokens", "refreshed_turn", "item_id"],
        "decisions": ["seq", "turn", "time", "gate", "outcome", "item_id", "event_seq", "score", "features", "note"],
        "slots": ["version", "entity", "attribute", "value", "operation", "valid_from", "valid_to", "set_turn", "set_event",
                  "superseded_turn", "superseded_event", "source", "changed"],
        "goals": ["id", "parent", "text", "status", "created", "closed", "result", "changed"],
        "steps": ["id", "goal", "position", "text", "status", "result", "updated", "changed"],
    ]

    /// Columns stored as booleans (PostgreSQL `boolean`, SQLite 0/1): exported as JSON true/false.
    static let booleans: Set<String> = ["remember", "pinned"]

    static func line(kind: String, _ row: SQLRow) -> String {
        var parts = ["\"type\":\"\(kind)\""]
        for (name, value) in zip(row.columns, row.values) where name != "tenant" && name != "session" {
            parts.append("\(CompactJSON.quote(name)):\(json(value, boolean: booleans.contains(name)))")
        }
        return "{" + parts.joined(separator: ",") + "}"
    }

    static func json(_ v: SQLValue, boolean: Bool) -> String {
        switch v {
        case .null: return "null"
        case .integer(let i): return boolean ? (i != 0 ? "true" : "false") : "\(i)"
        case .real(let d): return d.isFinite ? "\(d)" : "null"
        case .text(let t): return CompactJSON.quote(t)
        case .boolean(let b): return b ? "true" : "false"
        case .blob(let b): return CompactJSON.quote(String(decoding: b, as: UTF8.self))
        }
    }

    /// A JSON value of an export line, as a value to bind.
    struct Value: Decodable {
        var sql: SQLValue
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { sql = .null }
            else if let b = try? c.decode(Bool.self) { sql = .boolean(b) }
            else if let i = try? c.decode(Int64.self) { sql = .integer(i) }
            else if let d = try? c.decode(Double.self) { sql = .real(d) }
            else { sql = .text(try c.decode(String.self)) }
        }
    }

    /// Any line's kind.
    struct Kind: Decodable { var type: String? }

    /// The `session` line's fields.
    struct SessionLine: Codable {
        var type = "session"
        var namespace: Namespace
        var created: Double
        var version: Int64
        var reset: Int64
        var counters: String
        var parameters: String
    }
}
