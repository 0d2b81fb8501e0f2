/// Rules for text that reaches a prompt. A stored text may span lines, but inside the system message a line
/// break followed by `user:` or `## Goals` would read as a new turn or section: continuation lines are
/// indented, and control characters other than the line break and tab become spaces. Short fields shown at
/// the start of a line (speaker names, goal and step texts, fact keys and values) may hold no line break or
/// control character at all; they are refused at the API instead.
enum PromptText {
    /// A text as one entry of a system-message block: later lines indented, control characters as spaces.
    static func entry(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingCR = false
        for s in text.unicodeScalars {
            if s == "\r" { pendingCR = true; continue }
            if s == "\n" || s == "\u{2028}" || s == "\u{2029}" || s == "\u{85}" || s == "\u{0B}" || s == "\u{0C}" || pendingCR {
                out.append(contentsOf: "\n    ".unicodeScalars)
                pendingCR = false
                if s == "\n" || s == "\u{2028}" || s == "\u{2029}" || s == "\u{85}" || s == "\u{0B}" || s == "\u{0C}" { continue }
            }
            out.append(isControl(s) && s != "\t" ? " " : s)
        }
        if pendingCR { out.append(contentsOf: "\n    ".unicodeScalars) }
        return String(out)
    }

    /// Refuses a one-line field that holds a line break, a NUL or another control character.
    static func checkField(_ value: String, _ name: String) throws {
        if let bad = value.unicodeScalars.first(where: { isControl($0) || $0 == "\u{2028}" || $0 == "\u{2029}" }) {
            throw MemoryError.invalidArgument("\(name) \(String(value.prefix(60)).debugDescription) holds the control character U+\(String(format: "%04X", bad.value)); it reaches the prompt at the start of a line, so it must be one line of printable text (nothing was stored)")
        }
    }

    /// Refuses a NUL, which SQLite's text would cut short (the restored text would differ from the stored one).
    static func checkNoNUL(_ value: String, _ name: String) throws {
        if let i = value.unicodeScalars.firstIndex(of: "\u{0}") {
            let offset = value.unicodeScalars.distance(from: value.unicodeScalars.startIndex, to: i)
            throw MemoryError.invalidArgument("\(name) holds a NUL character (U+0000) at character \(offset); it cannot be stored exactly: remove it, or encode binary data (base64) before sending it (nothing was stored)")
        }
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool { s.value < 0x20 || (0x7F...0x9F).contains(s.value) }
}
