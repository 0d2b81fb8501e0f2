import Foundation
import Logging
import NIOCore
import PostgresNIO
import WorkingMemory

/// A leased postgres-nio connection inside one transaction, as a `StoreConnection`: the store's statements
/// (written with `?` placeholders) become `$1, $2, …`, values are bound in binary, rows come back as `SQLRow`s.
///
/// Statements that return nothing are queued on the connection without waiting (the connection runs its
/// queue in order on its event loop), and the caller waits once, when it needs rows or at the commit: one
/// `receive` (a dozen statements) costs three waits instead of a dozen thread wake-ups. A failed statement
/// aborts the transaction on the server, so the statements after it fail too, and `flush` reports the first
/// error: nothing after a failure is committed, and the failure is never lost.
final class PostgresStatementConnection: StoreConnection {
    let connection: PostgresConnection
    let logger: Logger
    var dialect: SQLDialect { .postgres }
    private var queued: [EventLoopFuture<PostgresQueryResult>] = []

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        queued.append(connection.query(try Self.query(sql, arguments), logger: logger))
    }

    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        let result = connection.query(try Self.query(sql, arguments), logger: logger)
        try flush()
        return try result.wait().rows.map(Self.row)
    }

    /// Stops tracking the queued statements (they still run, in order, before anything sent later).
    func forget() { queued.removeAll() }

    /// Waits for every queued statement; throws the first one's error.
    func flush() throws {
        let waiting = queued
        queued.removeAll()
        var first: (any Error)?
        for f in waiting {
            do { _ = try f.wait() } catch { if first == nil { first = error } }
        }
        if let first { throw first }
    }

    /// The SQL with numbered placeholders and its bindings. The store's SQL holds no `?` inside literals.
    static func query(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresQuery {
        var text = ""
        text.reserveCapacity(sql.utf8.count + 2 * arguments.count)
        var n = 0
        for ch in sql {
            if ch == "?" {
                n += 1
                text += "$\(n)"
            } else {
                text.append(ch)
            }
        }
        var binds = PostgresBindings(capacity: arguments.count)
        for a in arguments {
            switch a {
            case .null: binds.appendNull()
            case .integer(let i): try binds.append(i)
            case .real(let d): try binds.append(d)
            case .text(let t): try binds.append(t)
            case .boolean(let b): try binds.append(b)
            case .blob(let b): try binds.append(ByteBuffer(bytes: b))
            }
        }
        return PostgresQuery(unsafeSQL: text, binds: binds)
    }

    static func row(_ row: PostgresRow) -> SQLRow {
        var columns: [String] = [], values: [SQLValue] = []
        for cell in row {
            columns.append(cell.columnName)
            values.append(sqlValue(cell))
        }
        return SQLRow(columns: columns, values: values)
    }

    static func sqlValue(_ cell: PostgresCell) -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int8, .int4, .int2: return (try? cell.decode(Int64.self)).map { .integer($0) } ?? .null
        case .float8, .float4: return (try? cell.decode(Double.self)).map { .real($0) } ?? .null
        case .bool: return (try? cell.decode(Bool.self)).map { .boolean($0) } ?? .null
        case .numeric: return (try? cell.decode(String.self)).flatMap(Double.init).map { .real($0) } ?? .null
        case .bytea: return (try? cell.decode(ByteBuffer.self)).map { .blob(Data($0.readableBytesView)) } ?? .null
        default: return (try? cell.decode(String.self)).map { .text($0) } ?? .null
        }
    }
}
