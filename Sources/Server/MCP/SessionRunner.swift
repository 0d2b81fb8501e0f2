import WorkingMemory

/// Where an MCP tool call or resource read runs, and on which session. The work blocks on SQLite, so it must not
/// run on the Swift concurrency pool (a few slow calls would stall every other task of the process): the server
/// hands it to threads of its own (`CachedSession`: the session cache's threads, as the HTTP routes use), a
/// single-session server to a thread of the session's (`ProvidedSession`).
public protocol SessionRunner: Sendable {
    /// Runs `body` with the session, off the concurrency pool, and returns what it returns.
    /// - Throws: when the session cannot be opened (or the server is shutting down); `body` itself does not throw
    ///   for a tool call (a failed call is a `ToolResult`).
    func run<T: Sendable>(_ body: @escaping @Sendable (MemorySession) throws -> T) async throws -> T
}
