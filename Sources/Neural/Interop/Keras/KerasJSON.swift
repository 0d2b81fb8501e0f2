import Foundation

/// A JSON value as Keras writes a model's configuration (`config.json` in a `.keras` archive):
/// nested objects whose keys differ between layer classes and Keras versions, so they are read
/// as values and checked key by key (`KerasLayerConfig`), not decoded into fixed structs.
enum KerasJSON: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([KerasJSON])
    case object([String: KerasJSON])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let d = try? c.decode(Double.self) {
            self = .number(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([KerasJSON].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: KerasJSON].self))
        }
    }

    /// Parses `data` as one JSON document.
    /// - Throws: `KerasError.unreadableConfig` with the parser's reason.
    static func parse(_ data: Data, file: String) throws -> KerasJSON {
        do {
            return try JSONDecoder().decode(KerasJSON.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw KerasError.unreadableConfig(file: file, reason: "not valid JSON (\(context.debugDescription))")
        } catch {
            throw KerasError.unreadableConfig(file: file, reason: "not valid JSON")
        }
    }

    /// The members of an object, nil for any other value.
    var object: [String: KerasJSON]? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The elements of an array, nil for any other value.
    var array: [KerasJSON]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The text of a string, nil for any other value.
    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// A whole number within `range`, nil for anything else (fractions, NaN, huge numbers: checked
    /// before converting, so no input can trap the conversion).
    func integer(in range: ClosedRange<Int>) -> Int? {
        guard case .number(let d) = self, d.rounded() == d,
              d >= Double(range.lowerBound), d <= Double(range.upperBound) else { return nil }
        return Int(d)
    }

    /// Short text for error messages: strings quoted, containers abbreviated.
    var brief: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return d.rounded() == d && abs(d) < 1e15 ? String(Int(d)) : String(d)
        case .string(let s): return "'" + (s.count > 60 ? String(s.prefix(60)) + "…" : s) + "'"
        case .array(let a): return "a list of \(a.count)"
        case .object(let o): return o["class_name"]?.string.map { "an object of class '\($0)'" } ?? "an object"
        }
    }
}
