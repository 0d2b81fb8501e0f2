/// Where a `MemoryStore` keeps its sessions: one SQLite file (GRDB) or one PostgreSQL database (postgres-nio).
/// The memory, the CLI and the server use the store only through this, so both backends give the same
/// semantics: one transaction per event, acknowledged means committed, a restart restores every session
/// exactly, and a write applies what other writers committed first (`MemorySession.mutate`).
///
/// The calls are synchronous and may block: callers run them off the event loops and the Swift concurrency
/// pool (the server's `SessionCache` keeps a thread pool of its own for them).
package protocol StorageBackend: Sendable {
    /// The file path or the database URL without its password, for messages.
    var location: String { get }
    /// "sqlite" or "postgres".
    var kind: String { get }
    /// Runs `body` in one write transaction of `tenant`'s data, committed when it returns, rolled back when it
    /// throws. Errors of the backend come out as `MemoryError.storage`.
    func write<T>(tenant: String, _ what: String, _ body: (any StoreConnection) throws -> T) throws -> T
    /// Runs `body` in one read snapshot of `tenant`'s data; `nil` for every tenant (refused where tenants are
    /// hard partitions).
    func read<T>(tenant: String?, _ what: String, _ body: (any StoreConnection) throws -> T) throws -> T
    /// After a forget: makes sure no byte of the deleted text is left in the files the backend controls.
    /// - Returns: false when that could not be finished now (another connection holds an old snapshot).
    func eraseFreedBytes() -> Bool
}
