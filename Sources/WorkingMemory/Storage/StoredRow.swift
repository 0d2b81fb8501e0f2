import Foundation

/// A database row read defensively: a value of the wrong type, a NULL where a value must be, or an unknown enum
/// string is an error naming the table, the column and the row, never a crash or a silent default (a file
/// edited by hand or by another program must not take the process down or change what it means).
struct StoredRow {
    let row: SQLRow
    let table: String
    /// How to name the row in an error, e.g. "session 1, id 3".
    let key: String

    init(_ row: SQLRow, table: String, key: (SQLRow) -> String = { _ in "" }) {
        self.row = row
        self.table = table
        self.key = key(row)
    }

    /// A value that must be present and of type `T`.
    func callAsFunction<T: SQLConvertible>(_ column: String) throws -> T {
        let value = row[column]
        guard let v = T.from(value) else { throw wrong(column, value, "a \(T.self)") }
        return v
    }

    /// A value that may be NULL.
    func optional<T: SQLConvertible>(_ column: String) throws -> T? {
        let value = row[column]
        if value.isNull { return nil }
        guard let v = T.from(value) else { throw wrong(column, value, "a \(T.self) or NULL") }
        return v
    }

    /// A finite number of seconds since 1970.
    func date(_ column: String) throws -> Date {
        let x: Double = try self(column)
        guard x.isFinite else { throw wrong(column, row[column], "a finite time") }
        return Date(timeIntervalSince1970: x)
    }

    func optionalDate(_ column: String) throws -> Date? {
        guard let x: Double = try optional(column) else { return nil }
        guard x.isFinite else { throw wrong(column, row[column], "a finite time or NULL") }
        return Date(timeIntervalSince1970: x)
    }

    /// One of an enum's stored names.
    func choice<E: RawRepresentable & CaseIterable>(_ column: String, _ type: E.Type) throws -> E where E.RawValue == String {
        let text: String = try self(column)
        guard let v = E(rawValue: text) else {
            throw wrong(column, row[column], "one of " + E.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return v
    }

    /// JSON text decoded as `T`.
    func json<T: Decodable>(_ column: String, _ type: T.Type) throws -> T {
        let text: String = try self(column)
        do { return try JSONDecoder().decode(type, from: Data(text.utf8)) } catch {
            throw wrong(column, row[column], "JSON of \(T.self) (\(JSONErrorText.describe(error)))")
        }
    }

    func wrong(_ column: String, _ value: SQLValue, _ expected: String) -> MemoryError {
        .storage("\(table).\(column) of row \(key.isEmpty ? "?" : key) holds \(value), expected \(expected); the database was changed outside wm (nothing was changed)")
    }
}
