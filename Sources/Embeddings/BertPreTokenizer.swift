/// Splits normalised text into words as BERT does (`BertPreTokenizer`, `BasicTokenizer`): at
/// whitespace, and around every punctuation character, which becomes a word of its own.
/// Punctuation is every ASCII symbol that is not a letter, digit or space (so `$`, `+`, `^`, `` ` ``
/// count, as in BERT) and every Unicode punctuation category (P*).
public enum BertPreTokenizer {
    /// The words of `text`, in order.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { words.append(String(current)); current = String.UnicodeScalarView() }
        }
        for s in text.unicodeScalars {
            if isWhitespace(s) {
                flush()
            } else if isPunctuation(s) {
                flush()
                words.append(String(s))
            } else {
                current.append(s)
            }
        }
        flush()
        return words
    }

    /// Unicode White_Space (what Python's `str.split()` and Rust's `char::is_whitespace` split at).
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace }

    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 33...47, 58...64, 91...96, 123...126: return true
        default: break
        }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default: return false
        }
    }
}
