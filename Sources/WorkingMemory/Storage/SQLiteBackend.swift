import Foundation
import GRDB

/// The SQLite backend (GRDB): one file in WAL mode, or `:memory:` for tests. The default.
///
/// Durability: each event is one transaction; `receive` returns only after its commit. With
/// `Durability.process` (default, `synchronous=NORMAL` in WAL mode) a killed process loses no acknowledged
/// event; an operating-system crash or power cut may lose the last transactions. `Durability.power`
/// (`synchronous=FULL`) also survives those, at the cost of one fsync per event.
final class SQLiteBackend: StorageBackend {
    let writer: any DatabaseWriter
    /// The database file, or `:memory:`.
    let path: String
    /// Moves the WAL into the database file off the hot path (file databases only).
    let checkpointer: Checkpointer?
    /// How long a write waits for another connection's write lock.
    let waitsForLock: TimeInterval

    var location: String { path }
    var kind: String { "sqlite" }

    /// Opens (creating if needed) a database file and migrates its schema.
    /// - Parameters:
    ///   - path: file path, or `:memory:` for a private in-memory database.
    ///   - durability: see the type's documentation.
    ///   - readOnly: open for reading only: the file must exist and is never created, migrated or changed
    ///     (read-only commands; a file the user may not write).
    /// - Throws: `MemoryError.storage` when the file cannot be opened, is another application's SQLite file,
    ///   was written by a newer version (its schema is refused, nothing is changed), or, read-only, is missing
    ///   or older than this version.
    ///   - busyTimeout: how long a write waits for another connection's write lock.
    init(path: String, durability: MemoryStore.Durability, readOnly: Bool, busyTimeout: TimeInterval = MemoryStore.busyTimeout) throws {
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


    /// A write is one IMMEDIATE transaction (GRDB's `write` begins IMMEDIATE: the write lock is taken first, so
    /// two writers never both read and then fight over the upgrade; the busy timeout lets the second wait).
    func write<T>(tenant: String, _ what: String, _ body: (any StoreConnection) throws -> T) throws -> T {
        let result = try guarded(what) { try writer.write { try body(SQLiteConnection(db: $0)) } }
        checkpointer?.committed()
        return result
    }

    /// Every tenant lives in the one file; the tenant is a column of `sessions`.
    func read<T>(tenant: String?, _ what: String, _ body: (any StoreConnection) throws -> T) throws -> T {
        try guarded(what) { try writer.read { try body(SQLiteConnection(db: $0)) } }
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
}
