import Foundation

/// A value bound to or read from a statement, the same for every backend (SQLite through GRDB, PostgreSQL
/// through postgres-nio), so the store's statements and its defensive reading are written once.
package enum SQLValue: Sendable, Equatable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case boolean(Bool)
    case blob(Data)

    package init(_ value: Int64?) { self = value.map { .integer($0) } ?? .null }
    package init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }
    package init(_ value: Double?) { self = value.map { .real($0) } ?? .null }
    package init(_ value: String?) { self = value.map { .text($0) } ?? .null }
    package init(_ value: Bool) { self = .boolean(value) }
    package init(_ value: Date?) { self = value.map { .real($0.timeIntervalSince1970) } ?? .null }

    package var isNull: Bool { self == .null }

    /// How an error message shows the value (the stored text cut at 40 characters).
    package var description: String {
        switch self {
        case .null: "NULL"
        case .integer(let i): "\(i)"
        case .real(let d): "\(d)"
        case .text(let t): String(t.prefix(40)).debugDescription
        case .boolean(let b): "\(b)"
        case .blob(let b): "a blob of \(b.count) bytes"
        }
    }
}

/// A type a stored value converts to, with the conversions SQLite's dynamic types allow (an integer read as a
/// double, a double holding an integer read as an integer), and nothing else.
package protocol SQLConvertible {
    static func from(_ value: SQLValue) -> Self?
}

extension Int64: SQLConvertible {
    package static func from(_ value: SQLValue) -> Int64? {
        switch value {
        case .integer(let i): i
        case .real(let d): d.rounded() == d && abs(d) < 9.2e18 ? Int64(d) : nil
        case .boolean(let b): b ? 1 : 0
        default: nil
        }
    }
}

extension Int: SQLConvertible {
    package static func from(_ value: SQLValue) -> Int? { Int64.from(value).map { Int($0) } }
}

extension Double: SQLConvertible {
    package static func from(_ value: SQLValue) -> Double? {
        switch value {
        case .integer(let i): Double(i)
        case .real(let d): d
        default: nil
        }
    }
}

extension String: SQLConvertible {
    package static func from(_ value: SQLValue) -> String? {
        switch value {
        case .text(let t): t
        case .blob(let b): String(data: b, encoding: .utf8)
        default: nil
        }
    }
}

extension Bool: SQLConvertible {
    package static func from(_ value: SQLValue) -> Bool? {
        switch value {
        case .boolean(let b): b
        case .integer(let i): i != 0
        case .real(let d): d != 0
        default: nil
        }
    }
}
