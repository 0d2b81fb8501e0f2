import Foundation
import MCP
import WorkingMemory

/// The arguments of one tool call, read with the same rules the tool's JSON schema states: required names,
/// types, bounds and enums. Anything else is a `ToolCallError` naming the argument, never a guess: a model that
/// sends `"limit": "3"` is told that `limit` must be an integer.
public struct ToolArguments: Sendable {
    public let tool: String
    let values: [String: Value]

    /// - Parameters:
    ///   - tool: the tool's name (for messages).
    ///   - values: the call's arguments; nil means none.
    ///   - allowed: the argument names the tool takes; any other name is refused.
    /// - Throws: `ToolCallError.unknownArgument`.
    public init(tool: String, values: [String: Value]?, allowed: [String]) throws {
        self.tool = tool
        // A null argument means "not given" (models often send every optional name).
        self.values = (values ?? [:]).filter { !$0.value.isNull }
        for name in self.values.keys.sorted() where !allowed.contains(name) {
            throw ToolCallError.unknownArgument(tool: tool, argument: name, allowed: allowed)
        }
    }

    /// A required string.
    public func string(_ name: String) throws -> String {
        guard let value = values[name] else { throw ToolCallError.missing(tool: tool, argument: name, expected: "a string") }
        return try text(name, value)
    }

    /// An optional string.
    public func optionalString(_ name: String) throws -> String? {
        try values[name].map { try text(name, $0) }
    }

    /// An optional boolean.
    public func bool(_ name: String, default fallback: Bool) throws -> Bool {
        guard let value = values[name] else { return fallback }
        guard case .bool(let b) = value else {
            throw ToolCallError.wrongType(tool: tool, argument: name, expected: "true or false", got: ToolCallError.describe(value))
        }
        return b
    }

    /// A required integer within `range`.
    public func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int {
        guard let value = values[name] else {
            throw ToolCallError.missing(tool: tool, argument: name, expected: "an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return try whole(name, value, range)
    }

    /// An optional integer within `range`.
    public func integer(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws -> Int {
        try values[name].map { try whole(name, $0, range) } ?? fallback
    }

    /// One of an enum's raw values.
    public func choice<E: RawRepresentable & CaseIterable>(_ name: String, default fallback: E? = nil) throws -> E where E.RawValue == String {
        let names = E.allCases.map(\.rawValue).joined(separator: ", ")
        guard let value = values[name] else {
            if let fallback { return fallback }
            throw ToolCallError.missing(tool: tool, argument: name, expected: "one of: \(names)")
        }
        guard case .string(let s) = value, let e = E(rawValue: s) else {
            throw ToolCallError.wrongType(tool: tool, argument: name, expected: "one of: \(names)", got: ToolCallError.describe(value))
        }
        return e
    }

    /// An optional array of strings.
    public func strings(_ name: String) throws -> [String]? {
        guard let value = values[name] else { return nil }
        guard case .array(let elements) = value else {
            throw ToolCallError.wrongType(tool: tool, argument: name, expected: "an array of strings", got: ToolCallError.describe(value))
        }
        return try elements.enumerated().map { i, e in try text("\(name)[\(i)]", e) }
    }

    /// A fact's value: a string, a number or an array of strings.
    public func slotValue(_ name: String) throws -> SlotValue {
        let expected = "a string, a number or an array of strings"
        guard let value = values[name] else { throw ToolCallError.missing(tool: tool, argument: name, expected: expected) }
        switch value {
        case .int(let i): return .number(Double(i))
        case .double(let d) where d.isFinite: return .number(d)
        case .array: return .list(try strings(name) ?? [])
        case .string, .data: return .text(try text(name, value))
        default: throw ToolCallError.wrongType(tool: tool, argument: name, expected: expected, got: ToolCallError.describe(value))
        }
    }

    private func text(_ name: String, _ value: Value) throws -> String {
        let s: String
        switch value {
        case .string(let string): s = string
        // The SDK reads a string shaped like a data URL ("data: 3 rows, 4 columns") as bytes; the user meant the words.
        case .data: s = MemoryJSON.plainString(value)
        default: throw ToolCallError.wrongType(tool: tool, argument: name, expected: "a string", got: ToolCallError.describe(value))
        }
        // SQLite's text ends at a NUL: "a\u{0}b" would come back from the database as "a".
        if s.unicodeScalars.contains("\u{0}") {
            throw ToolCallError.wrongType(tool: tool, argument: name, expected: "a string without NUL characters (U+0000)",
                                          got: "a string with one; remove it")
        }
        return s
    }

    private func whole(_ name: String, _ value: Value, _ range: ClosedRange<Int>) throws -> Int {
        let expected = "an integer in \(range.lowerBound)...\(range.upperBound)"
        let number: Int
        switch value {
        case .int(let i): number = i
        case .double(let d) where d.rounded() == d && abs(d) < 1e15: number = Int(d)
        default: throw ToolCallError.wrongType(tool: tool, argument: name, expected: expected, got: ToolCallError.describe(value))
        }
        guard range.contains(number) else {
            throw ToolCallError.outOfRange(tool: tool, argument: name, expected: expected, got: String(number))
        }
        return number
    }
}
