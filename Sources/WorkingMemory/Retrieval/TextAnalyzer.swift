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
        var out: [String] = []
        out.reserveCapacity(text.utf8.count / 5)
        var word: [UInt8] = []  // UTF-8 of the current word, lower-cased
        var wordIsASCII = true
        var cjk: [Unicode.Scalar] = []
        let stemmer = PorterStemmer()

        func flushWord() {
            guard !word.isEmpty else { return }
            defer { word.removeAll(keepingCapacity: true); wordIsASCII = true }
            let w = String(decoding: word, as: UTF8.self)
            if removesStopWords && StopWords.english.contains(w) { return }
            if stems && wordIsASCII, let stemmed = stemmer.stem(utf8: word) {
                out.append(String(decoding: stemmed, as: UTF8.self))
            } else {
                out.append(w)
            }
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

        let scalars = text.unicodeScalars
        var i = scalars.startIndex
        while i < scalars.endIndex {
            let s = scalars[i]
            if s.isASCII {
                let v = UInt8(s.value)
                if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) {
                    if !cjk.isEmpty { flushCJK() }
                    word.append(v)
                } else if v >= 0x41 && v <= 0x5A {
                    if !cjk.isEmpty { flushCJK() }
                    word.append(v + 32)
                } else if v == 0x27, !word.isEmpty, let next = scalars.index(i, offsetBy: 1, limitedBy: scalars.endIndex), next < scalars.endIndex, Self.isWordScalar(scalars[next]) {
                    i = skipApostrophe(in: scalars, at: i, next: next)
                } else {
                    flushWord(); flushCJK()
                }
            } else if Self.isCJK(s) {
                flushWord()
                cjk.append(s)
            } else if Self.isWordScalar(s) {
                flushCJK()
                wordIsASCII = false
                for c in s.properties.lowercaseMapping.unicodeScalars { word.append(contentsOf: UTF8.encode(c)!) }
            } else if s == "\u{2019}", !word.isEmpty, let next = scalars.index(i, offsetBy: 1, limitedBy: scalars.endIndex), next < scalars.endIndex, Self.isWordScalar(scalars[next]) {
                i = skipApostrophe(in: scalars, at: i, next: next)
            } else {
                flushWord(); flushCJK()
            }
            i = scalars.index(after: i)
        }
        flushWord()
        flushCJK()
        return out
    }

    /// An apostrophe inside a word: a possessive `'s` at the end of the word is skipped (returns the
    /// index of the `s`), any other apostrophe is dropped so the word continues (`don't` -> `dont`).
    private func skipApostrophe(in scalars: String.UnicodeScalarView, at i: String.UnicodeScalarView.Index, next: String.UnicodeScalarView.Index) -> String.UnicodeScalarView.Index {
        let c = scalars[next]
        guard c == "s" || c == "S" else { return i }
        let after = scalars.index(after: next)
        if after == scalars.endIndex || !Self.isWordScalar(scalars[after]) { return next }
        return i
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

}
