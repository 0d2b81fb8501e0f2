/// The store's insert statements for one dialect, built once. An upsert names its columns (a newer schema's
/// extra columns keep their defaults) and replaces the row on its key, like SQLite's `INSERT OR REPLACE` but
/// in the `ON CONFLICT … DO UPDATE` form both SQLite (3.24+) and PostgreSQL understand.
struct StoreStatements: Sendable {
    let event: String
    let item: String
    let buffer: String
    let decision: String
    let slot: String
    let goal: String
    let step: String

    static let sqlite = StoreStatements(.sqlite)
    static let postgres = StoreStatements(.postgres)

    static func `for`(_ dialect: SQLDialect) -> StoreStatements { dialect.keyPrefix.isEmpty ? sqlite : postgres }

    init(_ d: SQLDialect) {
        event = Self.insert("events", ["session", "seq", "role", "text", "time", "speaker", "metadata", "remember", "episode"])
        item = Self.upsert("items", ["session", "id", "kind", "role", "text", "speaker", "time", "event_seq", "episode", "tokens", "cell",
                                     "cell_turn", "cell_time", "pinned", "status", "uses", "metadata", "changed"], key: 2, d)
        buffer = Self.upsert("buffer", ["session", "event_seq", "role", "text", "speaker", "time", "tokens", "refreshed_turn", "item_id"], key: 2, d)
        decision = Self.insert("decisions", ["session", "seq", "turn", "time", "gate", "outcome", "item_id", "event_seq", "score", "features", "note"])
        slot = Self.upsert("slots", ["session", "version", "entity", "attribute", "value", "operation", "valid_from", "valid_to", "set_turn",
                                     "set_event", "superseded_turn", "superseded_event", "source", "changed"], key: 2, d)
        goal = Self.upsert("goals", ["session", "id", "parent", "text", "status", "created", "closed", "result", "changed"], key: 2, d)
        step = Self.upsert("steps", ["session", "id", "goal", "position", "text", "status", "result", "updated", "changed"], key: 2, d)
    }

    static func insert(_ table: String, _ columns: [String]) -> String {
        "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
    }

    /// The first `key` columns are the key (after the dialect's key prefix).
    static func upsert(_ table: String, _ columns: [String], key: Int, _ d: SQLDialect) -> String {
        let set = columns.dropFirst(key).map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return insert(table, columns) + " ON CONFLICT (\(d.keyPrefix)\(columns.prefix(key).joined(separator: ", "))) DO UPDATE SET \(set)"
    }
}
