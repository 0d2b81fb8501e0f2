import Foundation

/// Reads JSON Lines (one JSON object per line, jsonlines.org), reporting bad lines by number.
public enum JSONLines {
    /// The objects of a JSONL text, with their 1-based line numbers; blank lines are skipped.
    /// - Parameters:
    ///   - data: the file's bytes (UTF-8).
    ///   - source: the file name for error messages.
    /// - Throws: ``MemoryError/invalidArgument(_:)`` naming the line when a line is not a JSON object.
    public static func objects(in data: Data, source: String) throws -> [(line: Int, object: [String: Any])] {
        var out: [(Int, [String: Any])] = []
        var lineNumber = 0
        var start = data.startIndex
        while start < data.endIndex {
            let end = data[start...].firstIndex(of: 0x0A) ?? data.endIndex
            lineNumber += 1
            var line = data[start..<end]
            if line.last == 0x0D { line = line.dropLast() }
            start = end < data.endIndex ? data.index(after: end) : end
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let parsed: Any
            do {
                parsed = try JSONSerialization.jsonObject(with: Data(line), options: [.fragmentsAllowed])
            } catch {
                let why = JSONTextCheck.malformed(Array(line)).map { ": " + $0 } ?? ""
                throw MemoryError.invalidArgument("\(source) line \(lineNumber): not valid JSON\(why) (\(Self.preview(line)))")
            }
            guard let object = parsed as? [String: Any] else {
                throw MemoryError.invalidArgument("\(source) line \(lineNumber): expected a JSON object, found \(Self.preview(line))")
            }
            out.append((lineNumber, object))
        }
        return out
    }

    static func preview(_ line: Data) -> String {
        let s = String(decoding: line.prefix(60), as: UTF8.self)
        return line.count > 60 ? "'\(s)…'" : "'\(s)'"
    }

    /// A required string field; integers are accepted and written in decimal.
    static func string(_ object: [String: Any], _ key: String, source: String, line: Int) throws -> String {
        guard let value = object[key], !(value is NSNull) else {
            throw MemoryError.invalidArgument("\(source) line \(line): missing field '\(key)'")
        }
        if let s = value as? String { return s }
        if let n = value as? NSNumber, n.doubleValue.isFinite, n.doubleValue == n.doubleValue.rounded() { return String(n.int64Value) }
        throw MemoryError.invalidArgument("\(source) line \(line): field '\(key)' must be a string, found \(type(of: value))")
    }

    /// An optional string field (integers written in decimal); null counts as absent.
    static func optionalString(_ object: [String: Any], _ key: String, source: String, line: Int) throws -> String? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        return try string(object, key, source: source, line: line)
    }

    /// An optional ISO 8601 date field ("2023-05-08", "2023-05-08T13:56", with seconds and zone or not; UTC when no zone).
    static func optionalDate(_ object: [String: Any], _ key: String, source: String, line: Int) throws -> Date? {
        guard let s = try optionalString(object, key, source: source, line: line) else { return nil }
        guard let d = ISODate.parse(s) else {
            throw MemoryError.invalidArgument("\(source) line \(line): field '\(key)' is not an ISO 8601 date: '\(s)'")
        }
        return d
    }
}
