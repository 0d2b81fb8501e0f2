/// One connection inside one transaction, as the store's shared statements see it. The SQLite backend wraps a
/// GRDB `Database`, the PostgreSQL backend a postgres-nio connection; both take `?` placeholders.
package protocol StoreConnection {
    /// What differs between the backends' SQL.
    var dialect: SQLDialect { get }
    /// Runs a statement that returns no rows.
    func execute(_ sql: String, _ arguments: [SQLValue]) throws
    /// Runs a query and returns every row.
    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow]
}

extension StoreConnection {
    package func execute(_ sql: String) throws { try execute(sql, []) }
    /// The first column of the first row, or nil when there is no row.
    package func value(_ sql: String, _ arguments: [SQLValue]) throws -> SQLValue? { try rows(sql, arguments).first?.first }
}

/// The few places where SQLite's and PostgreSQL's SQL differ for the store's statements.
package struct SQLDialect: Sendable {
    /// Key columns before `session` in every table's primary key: "" for SQLite (a session row id is global in
    /// a file), "tenant, " for PostgreSQL (the tenant is part of every key, and row-level security is keyed on it).
    package var keyPrefix: String
    /// Appended to the read of a session's version in a write transaction: "" for SQLite (the IMMEDIATE
    /// transaction holds the file's write lock already), " FOR UPDATE" for PostgreSQL (a row lock that serialises
    /// writers of one session across processes and replicas, and only those).
    package var lockSuffix: String

    package static let sqlite = SQLDialect(keyPrefix: "", lockSuffix: "")
    package static let postgres = SQLDialect(keyPrefix: "tenant, ", lockSuffix: " FOR UPDATE")
}
