/// One result row of a statement: its values by column name, the same for every backend.
package struct SQLRow: Sendable {
    package var columns: [String]
    package var values: [SQLValue]

    package init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of a column; NULL for a column the row does not have.
    package subscript(_ column: String) -> SQLValue {
        guard let i = columns.firstIndex(of: column) else { return .null }
        return values[i]
    }

    /// The value of the first column.
    package var first: SQLValue { values.first ?? .null }
}
