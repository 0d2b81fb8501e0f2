import Foundation
import Logging
import PostgresNIO
import WorkingMemory

/// The PostgreSQL backend: one database, any number of `wm` processes and server replicas over it, through
/// postgres-nio's connection pool (`BlockingPool`).
///
/// Each store call is one transaction on a leased connection: it takes the tenant role and sets the tenant
/// (`PostgresSchema`: row-level security admits only that tenant's rows), then runs the store's shared
/// statements. Writes of one session queue on `SELECT … FOR UPDATE` of its row (`SQLDialect.postgres`),
/// reads run in one REPEATABLE READ snapshot. `COMMIT` returns before the store call does: acknowledged means
/// committed (with the server's default `synchronous_commit = on`, durable).
final class PostgresBackend: StorageBackend {
    let url: PostgresURL
    let pool: BlockingPool
    let logger: Logger

    var location: String { url.description }
    var kind: String { "postgres" }

    init(url: PostgresURL, readOnly: Bool) throws {
        self.url = url
        var logger = Logger(label: "wm.postgres")
        logger.logLevel = .critical
        self.logger = logger
        try PostgresSchema.prepare(url, readOnly: readOnly, logger: logger)
        var configuration = try url.clientConfiguration()
        configuration.options.maximumConnections = 8
        configuration.options.connectionIdleTimeout = .seconds(20)
        pool = BlockingPool(configuration: configuration, logger: logger)
    }

    deinit { pool.shutdown() }

    func write<T>(tenant: String, _ what: String, _ body: (any StoreConnection) throws -> T) throws -> T {
        try transaction(tenant: tenant, readOnly: false, what, body)
    }

    func read<T>(tenant: String?, _ what: String, _ body: (any StoreConnection) throws -> T) throws -> T {
        guard let tenant else {
            throw MemoryError.invalidArgument("\(what): PostgreSQL keeps tenants apart (row-level security); name one tenant")
        }
        return try transaction(tenant: tenant, readOnly: true, what, body)
    }

    /// Dead rows of a forget stay in PostgreSQL's pages until VACUUM reuses them, and in its write-ahead log
    /// until that is recycled: the store cannot promise their bytes are gone, so it says so.
    func eraseFreedBytes() -> Bool { false }

    private func transaction<T>(tenant: String, readOnly: Bool, _ what: String, _ body: (any StoreConnection) throws -> T) throws -> T {
        do {
            return try pool.withConnection { connection in
                let c = PostgresStatementConnection(connection: connection, logger: logger)
                try c.execute(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN")
                do {
                    try c.execute("SELECT set_config('search_path', 'wm', true), set_config('role', '\(PostgresSchema.tenantRole)', true), set_config('wm.tenant', ?, true)",
                                  [.text(tenant)])
                    let result = try body(c)
                    try c.execute("COMMIT")
                    // A read has nothing to commit: its COMMIT runs before whatever the connection's next lease
                    // sends, so nobody waits for it. A write's COMMIT is waited for: acknowledged means committed.
                    if readOnly { c.forget() } else { try c.flush() }
                    return result
                } catch {
                    _ = try? c.flush()
                    _ = try? c.execute("ROLLBACK")
                    _ = try? c.flush()
                    throw error
                }
            }
        } catch let error as MemoryError {
            throw error
        } catch {
            throw MemoryError.storage("\(what) failed in '\(url)': \(Self.describe(error)); nothing was changed")
        }
    }

    /// The server's message of a PostgreSQL error (and its SQLSTATE), or the connection error as it is.
    static func describe(_ error: any Error) -> String {
        if let e = error as? PSQLError {
            if let message = e.serverInfo?[.message] {
                return message + (e.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
            }
            return "\(e.code)" + (e.underlying.map { ": \($0)" } ?? "")
        }
        return "\(error)"
    }
}
