import Foundation

/// Fast JSON for the small flat maps stored per row (metadata, gate features): written on the hot path of
/// `receive`, where a `JSONEncoder` per row would cost more than the insert itself. Keys are sorted so equal
/// maps give equal text. Doubles print with Swift's shortest round-trip form, so they read back exactly.
enum CompactJSON {
    static func encode(_ map: [String: String]) -> String {
        if map.isEmpty { return "{}" }
        return "{" + map.keys.sorted().map { "\(quote($0)):\(quote(map[$0]!))" }.joined(separator: ",") + "}"
    }

    static func encode(_ map: [String: Double]) -> String {
        if map.isEmpty { return "{}" }
        return "{" + map.keys.sorted().map { key in
            let v = map[key]!
            return "\(quote(key)):\(v.isFinite ? "\(v)" : "null")"
        }.joined(separator: ",") + "}"
    }

    static func decodeStrings(_ text: String) throws -> [String: String] {
        text == "{}" ? [:] : try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
    }

    static func decodeDoubles(_ text: String) throws -> [String: Double] {
        if text == "{}" { return [:] }
        let raw = try JSONDecoder().decode([String: Double?].self, from: Data(text.utf8))
        return raw.mapValues { $0 ?? .nan }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
