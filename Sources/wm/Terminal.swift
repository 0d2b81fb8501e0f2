/// Text from storage made safe for a terminal: a stored memory may hold escape sequences (ANSI colours, cursor
/// moves, a title change), carriage returns or NULs that would rewrite what the user sees. Control characters
/// (C0, DEL, C1) and the line and paragraph separators are shown as `\u{1B}`-style escapes; tab and
/// newline are kept only where a caller allows them.
enum Terminal {
    static func safe(_ text: String, keepNewlines: Bool = false) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for s in text.unicodeScalars {
            let v = s.value
            if keepNewlines && (s == "\n" || s == "\t") { out.unicodeScalars.append(s); continue }
            if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 {
                out += "\\u{" + String(v, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(s)
            }
        }
        return out
    }
}
