import Foundation

/// A decoding error of a request body as a sentence naming the field and what was wrong with it, with the
/// error code the server answers (`invalid_json`, `bad_request`). Foundation alone: the fuzz target
/// `http-request` compiles this file as it is.
enum DecodingErrorText {
    /// `invalid_json` when the bytes are not JSON at all, `bad_request` for JSON of the wrong shape.
    static func code(of error: DecodingError) -> String {
        if case .dataCorrupted(let c) = error, c.codingPath.isEmpty, c.underlyingError != nil || c.debugDescription.contains("not valid JSON") {
            return "invalid_json"
        }
        return "bad_request"
    }

    /// A sentence naming the field and what was wrong with it.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let c):
            return "the required field '\(key.stringValue)' is missing\(at(c.codingPath))"
        case .typeMismatch(let type, let c):
            return "wrong type\(at(c.codingPath)): expected \(typeName(type))"
        case .valueNotFound(let type, let c):
            // A oneOf that matched no case: say what the closest case found wrong.
            if let cases = oneOfErrors(c), !cases.isEmpty { return describe(oneOf: cases, at: c.codingPath) }
            return "a value is missing\(at(c.codingPath)): expected \(typeName(type))"
        case .dataCorrupted(let c):
            if code(of: error) == "invalid_json" { return "malformed JSON (\(plain(c.debugDescription)))" }
            return "\(plain(c.debugDescription))\(at(c.codingPath))"
        @unknown default:
            return "\(error)"
        }
    }

    /// The errors of each case of a oneOf, kept by the runtime in its (internal) `MultiError`.
    static func oneOfErrors(_ context: DecodingError.Context) -> [DecodingError]? {
        guard let multi = context.underlyingError else { return nil }
        let errors = Mirror(reflecting: multi).children.first { $0.label == "errors" }?.value as? [any Error]
        return errors?.compactMap { $0 as? DecodingError }
    }

    /// The case that got furthest (the deepest failure) explains the error best; when every case failed on the
    /// type of the value itself, the value has none of the allowed types.
    static func describe(oneOf cases: [DecodingError], at path: [any CodingKey]) -> String {
        let depth = { (e: DecodingError) -> Int in context(of: e)?.codingPath.count ?? 0 }
        let typeMismatches = cases.compactMap { e -> Any.Type? in
            if case .typeMismatch(let type, let c) = e, c.codingPath.count <= path.count + 1 { return type }
            return nil
        }
        if typeMismatches.count == cases.count {
            var names: [String] = []
            for name in typeMismatches.map(typeName) where !names.contains(name) { names.append(name) }
            return "wrong type\(at(path)): expected \(names.joined(separator: " or "))"
        }
        let deepest = cases.enumerated().max { (depth($0.element), -$0.offset) < (depth($1.element), -$1.offset) }!.element
        return describe(deepest)
    }

    static func context(of error: DecodingError) -> DecodingError.Context? {
        switch error {
        case .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): return c
        @unknown default: return nil
        }
    }

    static func at(_ path: [any CodingKey]) -> String {
        let names = path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.filter { !$0.isEmpty }
        let joined = names.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        return joined.isEmpty ? "" : " at '\(joined)'"
    }

    static func typeName(_ type: Any.Type) -> String {
        switch "\(type)" {
        case "String", "Substring": return "a string"
        case "Int", "Int64", "Int32": return "an integer"
        case "Double", "Float": return "a number"
        case "Bool": return "true or false"
        case let t where t.hasPrefix("Array"): return "an array"
        case let t where t.hasPrefix("Dictionary"): return "an object"
        default: return "an object"
        }
    }

    /// Strips the Swift type paths the generated code puts in its messages.
    static func plain(_ text: String) -> String {
        text.replacingOccurrences(of: "Components.Schemas.", with: "").replacingOccurrences(of: "Operations.", with: "")
    }
}
