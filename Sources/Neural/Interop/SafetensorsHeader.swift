import Foundation

extension Safetensors {
    /// One tensor's entry in the header: `{"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}`.
    struct HeaderEntry: Sendable {
        var name: String
        var dtype: String
        var shape: [Int]
        var offsets: [Int]
    }

    /// The JSON header: tensor entries by name and the optional `__metadata__` strings.
    struct Header: Decodable {
        var entries: [HeaderEntry] = []
        var metadata: [String: String] = [:]

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        enum EntryKeys: String, CodingKey { case dtype, shape, data_offsets }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            entries.reserveCapacity(c.allKeys.count)
            for key in c.allKeys {
                if key.stringValue == "__metadata__" {
                    metadata = try c.decode([String: String].self, forKey: key)
                    continue
                }
                let e = try c.nestedContainer(keyedBy: EntryKeys.self, forKey: key)
                entries.append(HeaderEntry(name: key.stringValue, dtype: try e.decode(String.self, forKey: .dtype),
                                           shape: try e.decode([Int].self, forKey: .shape),
                                           offsets: try e.decode([Int].self, forKey: .data_offsets)))
            }
        }
    }

    /// A header decoding error as a sentence naming the tensor and field.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            guard let first = keys.first else { return "the header" }
            let rest = keys.dropFirst().reduce("") { s, k in k.intValue.map { s + "[\($0)]" } ?? (s.isEmpty ? k.stringValue : s + "." + k.stringValue) }
            let what = first.stringValue == "__metadata__" ? "__metadata__" : "tensor '\(first.stringValue)'"
            return rest.isEmpty ? what : "\(what) field \(rest)"
        }
        switch error {
        case .typeMismatch(let type, let c): return "\(path(c.codingPath)) is not \(type == String.self ? "a string" : type == Int.self ? "an integer" : "a \(type)")"
        case .valueNotFound(_, let c): return "\(path(c.codingPath)) is null"
        case .keyNotFound(let k, let c): return "\(path(c.codingPath)) has no \(k.stringValue)"
        case .dataCorrupted(let c): return c.codingPath.isEmpty ? "the header is not a valid JSON object" : "\(path(c.codingPath)): \(c.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
