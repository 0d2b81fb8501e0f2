import Foundation
import Logging
import NIOCore
import PostgresNIO
import WorkingMemory

/// A leased postgres-nio connection inside one transaction, as a `StoreConnection`: the store's statements
/// (written with `?` placeholders) become `$1, $2, …`, values are bound in binary, rows come back as `SQLRow`s.
/// Each statement waits on the connection's `EventLoopFuture` (see `BlockingPool`).
struct PostgresStatementConnection: StoreConnection {
    let connection: PostgresConnection
    let logger: Logger
    var dialect: SQLDialect { .postgres }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        _ = try connection.query(try Self.query(sql, arguments), logger: logger).wait()
    }

    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        try connection.query(try Self.query(sql, arguments), logger: logger).wait().rows.map(Self.row)
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
