import Foundation
import GRDB

/// The database that holds every session: a SQLite file through GRDB (the default), or a PostgreSQL database
/// through postgres-nio (`PostgresStore`, opened from a `postgres://` URL). Both backends run the same
/// statements (`StoreConnection`) with the same semantics: one transaction per event, acknowledged means
/// committed, a restart restores every session exactly, several writers of one session apply each other's
/// commits first.
///
/// SQLite durability: each event is one transaction; `receive` returns only after its commit. With
/// `Durability.process` (default, `synchronous=NORMAL` in WAL mode) a killed process loses no acknowledged
/// event; an operating-system crash or power cut may lose the last transactions. `Durability.power`
/// (`synchronous=FULL`) also survives those, at the cost of one fsync per event.
public final class MemoryStore: Sendable {
    public enum Durability: String, Sendable { case process, power }

    package let backend: any StorageBackend
    /// The database file, `:memory:`, or the PostgreSQL URL without its password.
    public var path: String { backend.location }
    /// "sqlite" or "postgres".
    public var kind: String { backend.kind }

    /// How long a write waits for another process's write lock before it fails ("database is locked").
    public static let busyTimeout: TimeInterval = 30

    /// Opens (creating if needed) a SQLite database file and migrates its schema.
    /// - Parameters:
    ///   - path: file path, or `:memory:` for a private in-memory database.
    ///   - durability: see the type's documentation.
    ///   - readOnly: open for reading only: the file must exist and is never created, migrated or changed
    ///     (read-only commands; a file the user may not write).
    /// - Throws: `MemoryError.storage` when the file cannot be opened, is another application's SQLite file,
    ///   was written by a newer version (its schema is refused, nothing is changed), or, read-only, is missing
    ///   or older than this version.
    ///   - busyTimeout: how long a write waits for another connection's write lock (default `busyTimeout`).
    public convenience init(path: String = "wm.sqlite", durability: Durability = .process, readOnly: Bool = false,
                            busyTimeout: TimeInterval = MemoryStore.busyTimeout) throws {
        self.init(backend: try SQLiteBackend(path: path, durability: durability, readOnly: readOnly, busyTimeout: busyTimeout))
    }

    /// A store over another backend (PostgreSQL).
    package init(backend: any StorageBackend) {
        self.backend = backend
    }

    /// An in-memory database (tests, demos).
    public static func inMemory() throws -> MemoryStore { try MemoryStore(path: ":memory:") }

    /// Every namespace with a stored session, of one tenant (default: the embedded tenant), or of all when
    /// `tenant` is nil (SQLite only: PostgreSQL keeps tenants apart by row-level security).
    public func namespaces(tenant: String? = Namespace.defaultTenant) throws -> [Namespace] {
        try backend.read(tenant: tenant, "list sessions") { c in
            let rows: [SQLRow]
            if let tenant {
                rows = try c.rows("SELECT id, tenant, \"user\", agent, name FROM sessions WHERE tenant = ? ORDER BY \"user\", agent, name", [.text(tenant)])
            } else {
                rows = try c.rows("SELECT id, tenant, \"user\", agent, name FROM sessions ORDER BY tenant, \"user\", agent, name", [])
            }
            return try rows.map(Self.namespace)
        }
    }

    /// The namespace of a `sessions` row, read defensively.
    static func namespace(_ raw: SQLRow) throws -> Namespace {
        let r = StoredRow(raw, table: "sessions", key: { "id \($0["id"])" })
        return try Namespace(tenant: try r("tenant"), user: try r("user"), agent: try r("agent"), session: try r("name"))
    }

    /// A read in one snapshot of a tenant's data.
    func reading<T>(_ tenant: String, _ what: String, _ body: (any StoreConnection) throws -> T) throws -> T {
        try backend.read(tenant: tenant, what, body)
    }

    /// One write transaction of a tenant's data.
    func transaction<T>(_ tenant: String, _ what: String, _ body: (any StoreConnection) throws -> T) throws -> T {
        try backend.write(tenant: tenant, what, body)
    }

    /// A read of the SQLite file through GRDB itself (tests that look at raw rows).
    func reading<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        guard let sqlite = backend as? SQLiteBackend else { throw MemoryError.storage("\(what): not a SQLite store") }
        return try sqlite.guarded(what) { try sqlite.writer.read(body) }
    }

    func eraseFreedBytes() -> Bool { backend.eraseFreedBytes() }

    func sessionRow(_ ns: Namespace) throws -> Int64? {
        try reading(ns.tenant, "find session") { c in
            try c.value("SELECT id FROM sessions WHERE tenant = ? AND \"user\" = ? AND agent = ? AND name = ?", Self.key(ns)).flatMap(Int64.from)
        }
    }

    static func key(_ ns: Namespace) -> [SQLValue] { [.text(ns.tenant), .text(ns.user), .text(ns.agent), .text(ns.session)] }

    /// Creates the session's row. - Returns: its id and whether this call created it (false: another writer
    /// created it first, between the caller's look-up and this write).
    func createSession(_ ns: Namespace, parameters: GateParameters, created: Date) throws -> (row: Int64, created: Bool) {
        try transaction(ns.tenant, "create session") { c in
            let made = try c.rows("""
                INSERT INTO sessions (tenant, "user", agent, name, created, counters, parameters) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (tenant, "user", agent, name) DO NOTHING RETURNING id
                """, Self.key(ns) + [.real(created.timeIntervalSince1970), .text(Self.json(SessionCounters())), .text(Self.json(parameters))])
            if let id = made.first.flatMap({ Int64.from($0.first) }) { return (id, true) }
            guard let row = try c.value("SELECT id FROM sessions WHERE tenant = ? AND \"user\" = ? AND agent = ? AND name = ?", Self.key(ns)).flatMap(Int64.from) else {
                throw MemoryError.storage("session \(ns) vanished while it was created")
            }
            return (row, false)
        }
    }

    func deleteSession(_ row: Int64, tenant: String) throws {
        try transaction(tenant, "delete session") { c in try c.execute("DELETE FROM sessions WHERE id = ?", [.integer(row)]) }
    }

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
