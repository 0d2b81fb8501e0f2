/// A tokenizer-free token estimate for English and Chinese, calibrated against OpenAI's `cl100k_base` and
/// `o200k_base` BPE (script `scripts/tune/calibrate_tokens.py`, numbers in docs/memory.md, "Token budgets").
///
/// The text is cut into runs: CJK characters, letter/digit words, and other symbols. Cost:
/// `cjk · cjkPerChar + Σ_words (wordBase + letters / lettersPerToken) + digits / digitsPerToken + symbols · perSymbol`,
/// rounded up. The coefficients are fitted so that the estimate is at or above the real count for almost all
/// texts (a budget must not be overrun), while staying close on average.
public struct EstimatedTokenCounter: TokenCounter {
    public var cjkPerChar: Double
    public var wordBase: Double
    public var lettersPerToken: Double
    public var digitsPerToken: Double
    public var perSymbol: Double

    public init(cjkPerChar: Double = 1.35, wordBase: Double = 0.75, lettersPerToken: Double = 12,
                digitsPerToken: Double = 2.5, perSymbol: Double = 1.0) {
        self.cjkPerChar = cjkPerChar
        self.wordBase = wordBase
        self.lettersPerToken = lettersPerToken
        self.digitsPerToken = digitsPerToken
        self.perSymbol = perSymbol
    }

    public func count(_ text: String) -> Int {
        if text.isEmpty { return 0 }
        var cjk = 0, words = 0, letters = 0, digits = 0, symbols = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 128 {
                // ASCII fast path: the Unicode property tables are the slow part of counting English.
                if (v >= 97 && v <= 122) || (v >= 65 && v <= 90) {
                    letters += 1
                    if !inWord { words += 1; inWord = true }
                } else if v >= 48 && v <= 57 {
                    digits += 1
                    if !inWord { words += 1; inWord = true }
                } else if v == 32 || (v >= 9 && v <= 13) {
                    inWord = false
                } else {
                    symbols += 1; inWord = false
                }
            } else if Self.isCJK(scalar) {
                cjk += 1; inWord = false
            } else if scalar.properties.isAlphabetic {
                letters += 1
                if !inWord { words += 1; inWord = true }
            } else if scalar.properties.numericType != nil {
                digits += 1
                if !inWord { words += 1; inWord = true }
            } else if scalar.properties.isWhitespace {
                inWord = false
            } else {
                symbols += 1; inWord = false
            }
        }
        let estimate = Double(cjk) * cjkPerChar + Double(words) * wordBase + Double(letters) / lettersPerToken
            + Double(digits) / digitsPerToken + Double(symbols) * perSymbol
        return max(1, Int(estimate.rounded(.up)))
    }

    /// CJK ideographs, kana, hangul and CJK punctuation: about one token or more each in BPE vocabularies.
    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3000...0x303F, 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF,
             0xF900...0xFAFF, 0xFF00...0xFFEF, 0x20000...0x2FA1F: return true
        default: return false
        }
    }
}
