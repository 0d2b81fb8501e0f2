import Foundation

/// What is wrong with a JSON text, said in a sentence where Foundation's decoders say only "not valid JSON" (or,
/// worse, decode around it and name a field that is not the problem). Foundation alone: the fuzz target
/// `http-request` compiles this file as it is.
///
/// - `beforeDecoding`: bytes that are not UTF-8, and a `\u` escape of half a UTF-16 surrogate pair (RFC 8259
///   section 8.2: such a text holds no character; Swift strings cannot hold it). Checked before a decoder runs,
///   since a decoder may report them as another error.
/// - `malformed`: after a decoder refused the text as invalid, why: nesting deeper than `maxDepth`, a number
///   beyond Double's range, an integer beyond 64 bits.
public enum JSONTextCheck {
    /// Deeper than this is refused: no configuration or request body of wm nests beyond a few levels, and
    /// Foundation's parser stops at 512.
    public static let maxDepth = 64

    /// The problem of bytes no decoder should read, or nil.
    public static func beforeDecoding(_ bytes: [UInt8]) -> String? {
        if let offset = firstInvalidUTF8(bytes) { return "it is not UTF-8 (invalid byte sequence at byte \(offset))" }
        return loneSurrogate(bytes)
    }

    /// Why a decoder found the text malformed, when it is one of the reasons this knows; nil otherwise.
    public static func malformed(_ bytes: [UInt8]) -> String? {
        if let problem = beforeDecoding(bytes) { return problem }
        var depth = 0, i = 0
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\""): i = endOfString(bytes, from: i)
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > maxDepth { return "it nests deeper than \(maxDepth) levels (at byte \(i))" }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                var end = i
                while end < bytes.count, Self.numberBytes.contains(bytes[end]) { end += 1 }
                let token = String(decoding: bytes[i..<end], as: UTF8.self)
                if let problem = Self.number(token, at: i) { return problem }
                i = end - 1
            default: break
            }
            i += 1
        }
        return nil
    }

    static let numberBytes = Set("+-.eE0123456789".utf8)

    /// A number token beyond Double's range, or an integer beyond 64 bits (which no integer field takes).
    static func number(_ token: String, at offset: Int) -> String? {
        let shown = token.count > 40 ? String(token.prefix(40)) + "…" : token
        guard let value = Double(token) else { return nil }
        if !value.isFinite { return "the number \(shown) at byte \(offset) is beyond the range of a JSON number here (about ±1.8e308)" }
        if !token.contains(where: { ".eE".contains($0) }), Int64(token) == nil {
            return "the integer \(shown) at byte \(offset) is beyond 64 bits (±9223372036854775807)"
        }
        return nil
    }

    /// The index just past the closing quote of the string that opens at `start` (or the end of the bytes).
    static func endOfString(_ bytes: [UInt8], from start: Int) -> Int {
        var i = start + 1
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\\") { i += 2; continue }
            if bytes[i] == UInt8(ascii: "\"") { return i }
            i += 1
        }
        return i
    }

    /// A `\uD800`...`\uDFFF` escape that is not half of a high-low pair.
    static func loneSurrogate(_ bytes: [UInt8]) -> String? {
        func escape(at i: Int) -> UInt16? {
            guard i + 5 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else { return nil }
            return UInt16(String(decoding: bytes[(i + 2)..<(i + 6)], as: UTF8.self), radix: 16)
        }
        var i = 0, inString = false
        while i < bytes.count {
            let b = bytes[i]
            if !inString {
                if b == UInt8(ascii: "\"") { inString = true }
                i += 1
                continue
            }
            if b == UInt8(ascii: "\"") { inString = false; i += 1; continue }
            guard b == UInt8(ascii: "\\") else { i += 1; continue }
            if let unit = escape(at: i) {
                if (0xD800...0xDBFF).contains(unit) {
                    if let low = escape(at: i + 6), (0xDC00...0xDFFF).contains(low) { i += 12; continue }
                    return "it holds \\u\(String(unit, radix: 16, uppercase: true)) at byte \(i), half of a UTF-16 surrogate pair without its other half; send the character itself, or both halves"
                }
                if (0xDC00...0xDFFF).contains(unit) {
                    return "it holds \\u\(String(unit, radix: 16, uppercase: true)) at byte \(i), half of a UTF-16 surrogate pair without its other half; send the character itself, or both halves"
                }
                i += 6
                continue
            }
            i += 2
        }
        return nil
    }

    /// The offset of the first byte where UTF-8 decoding fails, or nil for valid UTF-8.
    public static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
