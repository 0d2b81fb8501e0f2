import Foundation

/// A decoding error as a sentence naming the field (Foundation's own text names no field and is long).
public enum JSONErrorText {
    /// E.g. `'weights.bm25' is not a Double`, `'bm26' is not a known field (known: ...)`.
    /// `describe(_:)`, with the reason for "not valid JSON" found in the text itself (`JSONTextCheck`).
    public static func describe(_ error: any Error, in bytes: Data) -> String {
        let text = describe(error)
        guard text == "not valid JSON", let why = JSONTextCheck.malformed(Array(bytes)) else { return text }
        return "not valid JSON: \(why)"
    }

    public static func describe(_ error: any Error) -> String {
        guard let e = error as? DecodingError else { return "\(error)" }
        func path(_ c: [any CodingKey]) -> String {
            c.isEmpty ? "the top level" : "'" + c.reduce("") { s, k in k.intValue.map { s + "[\($0)]" } ?? (s.isEmpty ? k.stringValue : s + "." + k.stringValue) } + "'"
        }
        switch e {
        case .typeMismatch(let t, let c): return "\(path(c.codingPath)) is not a \(t)"
        case .valueNotFound(let t, let c): return "\(path(c.codingPath)) is missing a \(t) value"
        case .keyNotFound(let k, let c): return "\(path(c.codingPath + [k])) is missing"
        case .dataCorrupted(let c):
            return c.codingPath.isEmpty ? "not valid JSON" : "\(path(c.codingPath)): \(c.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
