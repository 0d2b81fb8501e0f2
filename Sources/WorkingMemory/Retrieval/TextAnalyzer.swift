/// Turns text into index terms, for English, Chinese, and text that mixes them.
///
/// - Words (letters and digits, any script but CJK) are lower-cased; an inner apostrophe is
///   dropped (`don't` -> `dont`) and a possessive `'s` removed (`Caroline's` -> `caroline`);
///   stop words are removed (``StopWords``) and the rest stemmed with ``PorterStemmer``.
/// - Chinese and Japanese have no spaces between words, so a run of Han, Hiragana or Katakana
///   characters becomes its character unigrams and overlapping bigrams (`记忆力` -> `记`, `忆`,
///   `力`, `记忆`, `忆力`): the bigram scheme of CJK indexing in Lucene's CJKAnalyzer, plus
///   unigrams so that one-character words and queries still match.
///
/// The same analyzer must index the items and analyze the queries.
public struct TextAnalyzer: Sendable, Equatable, Codable {
    /// Drop ``StopWords`` (English words, Chinese particles as unigrams).
    public var removesStopWords: Bool
    /// Stem English words with ``PorterStemmer``.
    public var stems: Bool
    /// Emit single CJK characters as terms.
    public var cjkUnigrams: Bool
    /// Emit overlapping pairs of CJK characters as terms.
    public var cjkBigrams: Bool

    /// - Parameters:
    ///   - removesStopWords: drop stop words (default true).
    ///   - stems: Porter-stem English words (default true).
    ///   - cjkUnigrams: index single CJK characters (default true).
    ///   - cjkBigrams: index CJK character bigrams (default true).
    public init(removesStopWords: Bool = true, stems: Bool = true, cjkUnigrams: Bool = true, cjkBigrams: Bool = true) {
        self.removesStopWords = removesStopWords
        self.stems = stems
        self.cjkUnigrams = cjkUnigrams
        self.cjkBigrams = cjkBigrams
    }

    /// The terms of `text`, in text order (duplicates kept: they are term frequencies).
    public func terms(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var out: [String] = []
        out.reserveCapacity(scalars.count / 4)
        var word = String.UnicodeScalarView()
        var cjk: [Unicode.Scalar] = []
        let stemmer = PorterStemmer()

        func flushWord() {
            guard !word.isEmpty else { return }
            let w = String(word)
            word.removeAll(keepingCapacity: true)
            if removesStopWords && StopWords.english.contains(w) { return }
            out.append(stems ? stemmer.stem(w) : w)
        }
        func flushCJK() {
            guard !cjk.isEmpty else { return }
            defer { cjk.removeAll(keepingCapacity: true) }
            if cjkUnigrams || cjk.count == 1 {
                for c in cjk {
                    let s = String(Character(c))
                    if removesStopWords && StopWords.chinese.contains(s) { continue }
                    out.append(s)
                }
            }
            if cjkBigrams && cjk.count > 1 {
                for i in 0..<(cjk.count - 1) {
                    var s = String.UnicodeScalarView()
                    s.append(cjk[i]); s.append(cjk[i + 1])
                    out.append(String(s))
                }
            }
        }

        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if Self.isCJK(s) {
                flushWord()
                cjk.append(s)
            } else if Self.isWordScalar(s) {
                flushCJK()
                Self.appendLowercased(s, to: &word)
            } else if Self.isApostrophe(s), !word.isEmpty, i + 1 < scalars.count, Self.isWordScalar(scalars[i + 1]) {
                // Possessive 's: skip it; other inner apostrophes: join (don't -> dont).
                let sIsLast = i + 2 >= scalars.count || !Self.isWordScalar(scalars[i + 2])
                if (scalars[i + 1] == "s" || scalars[i + 1] == "S") && sIsLast { i += 1 }
            } else {
                flushWord()
                flushCJK()
            }
            i += 1
        }
        flushWord()
        flushCJK()
        return out
    }

    /// Han ideographs, Hiragana, Katakana (and their extensions): scripts written without spaces.
    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x2E80 { return false }
        if (0x3040...0x30FF).contains(v) || (0x31F0...0x31FF).contains(v) { return true }  // kana
        return s.properties.isIdeographic
    }

    /// Letters, digits and combining marks (accents) form words.
    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
        }
        let p = s.properties
        if p.isAlphabetic || p.numericType != nil { return true }
        switch p.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    static func isApostrophe(_ s: Unicode.Scalar) -> Bool { s == "'" || s == "\u{2019}" }

    static func appendLowercased(_ s: Unicode.Scalar, to word: inout String.UnicodeScalarView) {
        if s.isASCII {
            let v = s.value
            word.append(v >= 0x41 && v <= 0x5A ? Unicode.Scalar(v + 32)! : s)
        } else {
            word.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
        }
    }
}
