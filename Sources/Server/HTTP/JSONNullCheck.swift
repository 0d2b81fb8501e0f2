import Foundation

/// Finds a `null` in a JSON request body. No field of the contract is nullable, and the generated decoders
/// would take a `null` for a missing field, so the server refuses it, naming where it is (`OpenAPIInputMiddleware`).
/// Foundation alone: the fuzz target `http-request` compiles this file as it is.
enum JSONNullCheck {
    /// Whether the bytes hold `null` anywhere (inside a string too): only then is the body parsed a second time.
    static func mayHoldNull(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        for i in 0..<(bytes.count - 3) where bytes[i] == 0x6E && bytes[i + 1] == 0x75 && bytes[i + 2] == 0x6C && bytes[i + 3] == 0x6C {
            return true
        }
        return false
    }

    /// Where the first `null` of a parsed JSON value is (`events[2].time`; "" for a top-level null), or nil when
    /// there is none.
    static func nullPath(in value: Any, at path: String = "") -> String? {
        switch value {
        case is NSNull: return path
        case let object as [String: Any]:
            for (key, child) in object.sorted(by: { $0.key < $1.key }) {
                if let found = nullPath(in: child, at: path.isEmpty ? key : "\(path).\(key)") { return found }
            }
        case let array as [Any]:
            for (i, child) in array.enumerated() { if let found = nullPath(in: child, at: "\(path)[\(i)]") { return found } }
        default: break
        }
        return nil
    }

    /// The refusal of a body holding `null`, or nil for a body without one (or one that is not JSON: the
    /// generated decoder names that error).
    static func refusal(_ bytes: [UInt8]) -> String? {
        guard mayHoldNull(bytes), let json = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]),
              let path = nullPath(in: json) else { return nil }
        return "null is not a value here\(path.isEmpty ? "" : " (at '\(path)')"); leave an optional field out instead"
    }
}
