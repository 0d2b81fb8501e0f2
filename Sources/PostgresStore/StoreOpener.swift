import WorkingMemory

/// Opens the store a `--db` value names: a `postgres://` URL opens PostgreSQL, anything else is a SQLite file
/// path (or `:memory:`).
public enum StoreOpener {
    /// - Parameters:
    ///   - location: a file path, `:memory:`, or `postgres://user@host:port/database`.
    ///   - durability: SQLite only (PostgreSQL commits with the server's own durability).
    ///   - readOnly: open without creating or migrating anything.
    public static func open(_ location: String, durability: MemoryStore.Durability = .process, readOnly: Bool = false) throws -> MemoryStore {
        if PostgresURL.isPostgres(location) {
            return MemoryStore(backend: try PostgresBackend(url: try PostgresURL(location), readOnly: readOnly))
        }
        return try MemoryStore(path: location, durability: durability, readOnly: readOnly)
    }
}
