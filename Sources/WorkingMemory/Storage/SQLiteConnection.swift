import Foundation
import GRDB

/// A GRDB `Database` inside a transaction, as a `StoreConnection`. Statements are cached (prepared once per
/// connection), since the same few run for every event.
struct SQLiteConnection: StoreConnection {
    let db: Database
    var dialect: SQLDialect { .sqlite }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
    }

    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        try Row.fetchAll(db.cachedStatement(sql: sql), arguments: Self.arguments(arguments)).map(Self.row)
    }

    static func arguments(_ values: [SQLValue]) -> StatementArguments {
        StatementArguments(values.map { v -> DatabaseValue in
            switch v {
            case .null: .null
            case .integer(let i): i.databaseValue
            case .real(let d): d.databaseValue
            case .text(let t): t.databaseValue
            case .boolean(let b): (b ? 1 : 0).databaseValue
            case .blob(let b): b.databaseValue
            }
        })
    }

    static func row(_ row: Row) -> SQLRow {
        var columns: [String] = [], values: [SQLValue] = []
        columns.reserveCapacity(row.count)
        values.reserveCapacity(row.count)
        for (name, value) in row {
            columns.append(name)
            switch value.storage {
            case .null: values.append(.null)
            case .int64(let i): values.append(.integer(i))
            case .double(let d): values.append(.real(d))
            case .string(let s): values.append(.text(s))
            case .blob(let b): values.append(.blob(b))
            }
        }
        return SQLRow(columns: columns, values: values)
    }
}
