import Foundation

/// The text clean-up of a BERT tokenizer before it splits words, as Hugging Face's
/// `BertNormalizer` (tokenizers) and `BasicTokenizer` (transformers) do it, per Unicode scalar:
///
/// 1. drop U+0000, U+FFFD and control characters (every general category C*: Cc, Cf (zero-width
///    and direction marks), Co, Cs, Cn), except tab, newline and carriage return, which with every
///    space separator (Zs) become a plain space;
/// 2. put spaces around CJK ideographs (the CJK Unified Ideographs blocks and their extensions,
///    compatibility ideographs), so each is a word of its own; Hangul, kana and CJK punctuation
///    are left as they are;
/// 3. for uncased models, remove accents (NFD, then drop the nonspacing marks, Mn) and lower-case
///    each scalar (full mapping, without context, as Rust's `char::to_lowercase`).
public struct BertNormalizer: Sendable, Equatable {
    /// Lower-case and strip accents (an uncased model).
    public var lowercase: Bool
    /// Strip accents; nil: as `lowercase` (what BERT's tokenizer does when `strip_accents` is null).
    public var stripAccents: Bool?
    /// Put spaces around CJK ideographs.
    public var splitsChineseCharacters: Bool

    public init(lowercase: Bool = true, stripAccents: Bool? = nil, splitsChineseCharacters: Bool = true) {
        self.lowercase = lowercase
        self.stripAccents = stripAccents
        self.splitsChineseCharacters = splitsChineseCharacters
    }

    /// The normalised text.
    public func normalize(_ text: String) -> String {
        var cleaned = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if s.value == 0 || s.value == 0xFFFD || Self.isControl(s) { continue }
            if Self.isWhitespace(s) { cleaned.append(" "); continue }
            if splitsChineseCharacters && Self.isCJKIdeograph(s) {
                cleaned.append(" "); cleaned.append(s); cleaned.append(" ")
                continue
            }
            cleaned.append(s)
        }
        var out = String(cleaned)
        if stripAccents ?? lowercase {
            var kept = String.UnicodeScalarView()
            for s in out.decomposedStringWithCanonicalMapping.unicodeScalars where s.properties.generalCategory != .nonspacingMark {
                kept.append(s)
            }
            out = String(kept)
        }
        if lowercase {
            var lowered = String.UnicodeScalarView()
            for s in out.unicodeScalars { lowered.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars) }
            out = String(lowered)
        }
        return out
    }

    /// Tab, newline, carriage return and the space separators (Zs).
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\n" || s == "\r" || s.properties.generalCategory == .spaceSeparator
    }

    /// Every "other" category (Cc, Cf, Cs, Co, Cn) except tab, newline and carriage return.
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        if s == "\t" || s == "\n" || s == "\r" { return false }
        switch s.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    /// The ideograph blocks of BERT's `_is_chinese_char`.
    static func isCJKIdeograph(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default: return false
        }
    }
}
