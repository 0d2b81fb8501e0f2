import WorkingMemory

/// Errors of the PostgreSQL backend before it reaches the memory's own errors.
public enum PostgresStoreError {
    /// A malformed `postgres://` URL.
    static func url(_ message: String) -> MemoryError { .invalidArgument(message) }
}
