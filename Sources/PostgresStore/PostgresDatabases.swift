import Foundation
import Logging
import NIOPosix
import PostgresNIO
import WorkingMemory

/// Creating databases on a server: what the conformance tests and the replica benchmark need to start each
/// run on an empty database of its own (`CREATE DATABASE … TEMPLATE`, a file copy of an already migrated one,
/// so a fresh store costs no migration).
package enum PostgresDatabases {
    /// A new, empty, migrated database on the server `url` names.
    /// - Returns: the URL of the new database.
    package static func fresh(on url: String, prefix: String = "wm_t") throws -> String {
        let base = try PostgresURL(url)
        let template = "\(prefix)_template"
        try lock.withLock {
            if !templates.contains(template) {
                if try !exists(template, on: base) {
                    try execute("CREATE DATABASE \(template)", on: base, ignoring: "42P04")
                    var t = base
                    t.database = template
                    // Migrating opens and closes one connection; the pool opens none until used, so the template
                    // has no connection left when it is copied.
                    _ = try StoreOpener.open(urlString(t))
                }
                templates.insert(template)
            }
        }
        let name = "\(prefix)_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        // The template's last connection may still be closing on the server ("being accessed by other users").
        for attempt in 1...50 {
            do {
                try execute("CREATE DATABASE \(name) TEMPLATE \(template) STRATEGY FILE_COPY", on: base)
                break
            } catch MemoryError.storage(let m) where m.contains("55006") && attempt < 50 {
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        var fresh = base
        fresh.database = name
        return urlString(fresh)
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var templates: Set<String> = []

    static func urlString(_ u: PostgresURL) -> String {
        let auth = u.password.map { "\(u.username):\($0)" } ?? u.username
        if let folder = u.socketFolder { return "postgres://\(auth)@/\(u.database)?host=\(folder)&port=\(u.port)" }
        return "postgres://\(auth)@\(u.host):\(u.port)/\(u.database)"
    }

    static func exists(_ database: String, on url: PostgresURL) throws -> Bool {
        try withConnection(url) { c in
            try c.value("SELECT count(*) FROM pg_database WHERE datname = ?", [.text(database)]).flatMap(Int64.from) ?? 0 > 0
        }
    }

    /// Runs one statement outside a transaction (CREATE DATABASE cannot run in one); `ignoring` an SQLSTATE.
    static func execute(_ sql: String, on url: PostgresURL, ignoring state: String? = nil) throws {
        try withConnection(url) { c in
            do { try c.execute(sql); try c.flush() } catch let e as PSQLError where state != nil && e.serverInfo?[.sqlState] == state {}
        }
    }

    static func withConnection<T>(_ url: PostgresURL, _ body: (PostgresStatementConnection) throws -> T) throws -> T {
        let logger = Logger(label: "wm.postgres.admin")
        do {
            let connection = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(),
                                                            configuration: try url.connectionConfiguration(), id: 0, logger: logger).wait()
            defer { _ = try? connection.close().wait() }
            let c = PostgresStatementConnection(connection: connection, logger: logger)
            let result = try body(c)
            try c.flush()
            return result
        } catch let e as MemoryError {
            throw e
        } catch {
            throw MemoryError.storage("on \(url): \(PostgresBackend.describe(error))")
        }
    }
}

extension PostgresDatabases {
    /// Runs statements on one direct connection of the database `url` names, in order, and returns the rows of
    /// the last (the row-level security test reads through raw SQL this way, bypassing the store).
    package static func rows(_ url: String, _ statements: [String]) throws -> [SQLRow] {
        try withConnection(try PostgresURL(url)) { c in
            var last: [SQLRow] = []
            for s in statements { last = try c.rows(s, []) }
            return last
        }
    }
}
