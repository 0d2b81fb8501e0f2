import Foundation
import GRDB

/// The SQLite database that holds every session (GRDB). A file in WAL mode, or `:memory:` for tests.
///
/// Durability: each event is one transaction; `receive` returns only after its commit. With
/// `Durability.process` (default, `synchronous=NORMAL` in WAL mode) a killed process loses no acknowledged
/// event; an operating-system crash or power cut may lose the last transactions. `Durability.power`
/// (`synchronous=FULL`) also survives those, at the cost of one fsync per event.
public final class MemoryStore: Sendable {
    public enum Durability: String, Sendable { case process, power }

    let writer: any DatabaseWriter
    /// The database file, or `:memory:`.
    public let path: String
    /// Moves the WAL into the database file off the hot path (file databases only).
    let checkpointer: Checkpointer?

    /// How long a write waits for another process's write lock before it fails ("database is locked").
    public static let busyTimeout: TimeInterval = 30
    /// This store's wait for the lock.
    let waitsForLock: TimeInterval

    /// Opens (creating if needed) a database file and migrates its schema.
    /// - Parameters:
    ///   - path: file path, or `:memory:` for a private in-memory database.
    ///   - durability: see the type's documentation.
    ///   - readOnly: open for reading only: the file must exist and is never created, migrated or changed
    ///     (read-only commands; a file the user may not write).
    /// - Throws: `MemoryError.storage` when the file cannot be opened, is another application's SQLite file,
    ///   was written by a newer version (its schema is refused, nothing is changed), or, read-only, is missing
    ///   or older than this version.
    ///   - busyTimeout: how long a write waits for another connection's write lock (default `busyTimeout`).
    public init(path: String = "wm.sqlite", durability: Durability = .process, readOnly: Bool = false,
                busyTimeout: TimeInterval = MemoryStore.busyTimeout) throws {
        self.path = path
        self.waitsForLock = busyTimeout
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.readonly = readOnly
        // Several processes may write one file (the CLI beside a server, two agents): a write waits for the lock.
        config.busyMode = .timeout(busyTimeout)
        let sync = durability == .power ? "FULL" : "NORMAL"
        // Automatic checkpoints would run inside a commit (with an fsync) and make one receive() in a few hundred
        // slow; a background connection checkpoints instead (`Checkpointer`).
        let autoCheckpoint = path == ":memory:" ? 1000 : 0
        config.prepareDatabase { db in
            if readOnly { return }
            try db.execute(sql: "PRAGMA synchronous = \(sync)")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(autoCheckpoint)")
            // Deleted and overwritten rows are zeroed in their pages, so a forgotten text leaves no byte behind
            // (https://www.sqlite.org/pragma.html#pragma_secure_delete); on for every write, since a row rewritten
            // earlier (an item's strength update) leaves its old copy in the page's free space otherwise.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        if path != ":memory:" {
            var info = stat()
            if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK, stat(path, &info) != 0 {
                throw MemoryError.storage("'\(path)' is a symbolic link \(errno == ELOOP ? "in a loop (it leads back to itself)" : "to a file that does not exist"); give the path of a database file (nothing was changed)")
            }
            if stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG, (info.st_mode & S_IFMT) != S_IFDIR {
                throw MemoryError.storage("'\(path)' is not a regular file (a device, a pipe or a socket); give the path of a database file, e.g. ./wm.sqlite (nothing was changed)")
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw MemoryError.storage("'\(path)' is a directory; give the path of a database file (e.g. \(path)/wm.sqlite)")
            }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) || !isDirectory.boolValue {
                throw MemoryError.storage("cannot create '\(path)': the folder '\(folder)' does not exist")
            }
            if !readOnly, FileManager.default.fileExists(atPath: path),
               !FileManager.default.isWritableFile(atPath: path) || !FileManager.default.isWritableFile(atPath: folder) {
                throw MemoryError.storage("'\(path)' (or its folder) is read-only for this user: commands that only read it (recall, inspect) work, this one writes (nothing was changed)")
            }
        }
        do {
            if path == ":memory:" {
                if readOnly { throw MemoryError.storage("an in-memory database cannot be opened read-only") }
                writer = try DatabaseQueue(configuration: config)
                checkpointer = nil
            } else if readOnly {
                guard FileManager.default.fileExists(atPath: path) else {
                    throw MemoryError.storage("no database at '\(path)'; check the path (--db), or create one with `wm remember`")
                }
                writer = try Self.openForReading(path, config)
                checkpointer = nil
            } else {
                // Look before touching: opening for writing in WAL mode rewrites the file's header, so another
                // application's database or a newer schema is refused from a read-only connection first.
                if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > 0 {
                    var look = Configuration()
                    look.readonly = true
                    look.busyMode = .timeout(busyTimeout)
                    _ = try DatabaseQueue(path: path, configuration: look).read { try StoreSchema.check($0, path: path) }
                }
                config.journalMode = .wal
                writer = try DatabaseQueue(path: path, configuration: config)
                checkpointer = try Checkpointer(path: path, configuration: config)
            }
            try StoreSchema.prepare(writer, path: path, readOnly: readOnly)
        } catch let error as MemoryError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            throw Self.locked(path, "open", waited: busyTimeout)
        } catch let error as DatabaseError {
            throw MemoryError.storage("cannot open '\(path)' as a WorkingMemory database: \(error.message ?? "\(error)") (nothing was changed)")
        } catch {
            throw MemoryError.storage("cannot open '\(path)': \(error)")
        }
    }

    /// A read-only connection. A WAL database needs its `-shm` file, which a reader cannot create in a folder it
    /// may not write: when neither log file exists there is nothing in a log to read, so the file is opened
    /// `immutable` (https://www.sqlite.org/wal.html#readonly, https://www.sqlite.org/uri.html#uriimmutable).
    static func openForReading(_ path: String, _ config: Configuration) throws -> DatabaseQueue {
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            _ = try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master") }
            return queue
        } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY || error.resultCode == .SQLITE_CANTOPEN {
            let fm = FileManager.default
            guard !fm.fileExists(atPath: path + "-wal"), !fm.fileExists(atPath: path + "-shm") else { throw error }
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            let uri = "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? absolute) + "?immutable=1"
            return try DatabaseQueue(path: uri, configuration: config)
        }
    }

    /// An in-memory database (tests, demos).
    public static func inMemory() throws -> MemoryStore { try MemoryStore(path: ":memory:") }

    /// Every namespace with a stored session, of one tenant (default: the embedded tenant), or of all when
    /// `tenant` is nil.
    public func namespaces(tenant: String? = Namespace.defaultTenant) throws -> [Namespace] {
        try guarded("list sessions") {
            try writer.read { db in
                let rows: [Row]
                if let tenant {
                    rows = try Row.fetchAll(db, sql: "SELECT id, tenant, user, agent, name FROM sessions WHERE tenant = ? ORDER BY user, agent, name",
                                            arguments: [tenant])
                } else {
                    rows = try Row.fetchAll(db, sql: "SELECT id, tenant, user, agent, name FROM sessions ORDER BY tenant, user, agent, name")
                }
                return try rows.map(Self.namespace)
            }
        }
    }

    /// The namespace of a `sessions` row, read defensively.
    static func namespace(_ raw: Row) throws -> Namespace {
        let r = StoredRow(raw, table: "sessions", key: { "id \($0["id"] as DatabaseValue)" })
        return try Namespace(tenant: try r("tenant"), user: try r("user"), agent: try r("agent"), session: try r("name"))
    }

    /// Runs a database access and turns its errors into `MemoryError.storage`.
    func guarded<T>(_ what: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as MemoryError { throw error } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            throw Self.locked(path, what, waited: waitsForLock)
        } catch let error as DatabaseError {
            throw MemoryError.storage("\(what) failed in '\(path)': \(error.message ?? "\(error)"); nothing was changed")
        } catch { throw MemoryError.storage("\(what) failed in '\(path)': \(error); nothing was changed") }
    }

    /// The error of a write that waited for the lock in vain.
    static func locked(_ path: String, _ what: String, waited: TimeInterval) -> MemoryError {
        .storage("\(what) failed: '\(path)' stayed locked by another connection (another process writing, or one holding a transaction open) for more than the \(Int(waited.rounded())) s this waits; nothing was changed: try again once it is done")
    }

    func sessionRow(_ ns: Namespace) throws -> Int64? {
        try guarded("find session") {
            try writer.read { db in
                try Int64.fetchOne(db, sql: "SELECT id FROM sessions WHERE tenant = ? AND user = ? AND agent = ? AND name = ?",
                                   arguments: [ns.tenant, ns.user, ns.agent, ns.session])
            }
        }
    }

    /// Creates the session's row. - Returns: its id and whether this call created it (false: another writer
    /// created it first, between the caller's look-up and this write).
    func createSession(_ ns: Namespace, parameters: GateParameters, created: Date) throws -> (row: Int64, created: Bool) {
        try guarded("create session") {
            try writer.write { db in
                try db.execute(sql: """
                    INSERT INTO sessions (tenant, user, agent, name, created, counters, parameters) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (tenant, user, agent, name) DO NOTHING
                    """, arguments: [ns.tenant, ns.user, ns.agent, ns.session, created.timeIntervalSince1970,
                                     Self.json(SessionCounters()), Self.json(parameters)])
                let made = db.changesCount > 0
                guard let row = try Int64.fetchOne(db, sql: "SELECT id FROM sessions WHERE tenant = ? AND user = ? AND agent = ? AND name = ?",
                                                   arguments: [ns.tenant, ns.user, ns.agent, ns.session]) else {
                    throw MemoryError.storage("session \(ns) vanished while it was created")
                }
                return (row, made)
            }
        }
    }

    func deleteSession(_ row: Int64) throws {
        try guarded("delete session") {
            try writer.write { db in try db.execute(sql: "DELETE FROM sessions WHERE id = ?", arguments: [row]) }
        }
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
