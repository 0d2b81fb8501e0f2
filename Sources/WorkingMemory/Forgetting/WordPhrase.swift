/// Words to look for in a text: a whole-word, case-insensitive match of the words in order, so that "a" matches
/// the word "a" and not every text that holds the letter. Words are the retrieval analyzer's words without
/// stemming or stop-word removal; Chinese and Japanese characters are words of one character each (those
/// scripts put no spaces between words), so "上海" matches "我下周去上海开会".
struct WordPhrase: Sendable {
    static let analyzer = TextAnalyzer(removesStopWords: false, stems: false, cjkUnigrams: true, cjkBigrams: false)
    let words: [String]

    /// - Returns: nil when the text holds no word (only spaces or punctuation).
    init?(_ text: String) {
        words = Self.analyzer.terms(text)
        if words.isEmpty { return nil }
    }

    /// Whether `text` holds the words in a row.
    func matches(_ text: String) -> Bool { matches(words: Self.analyzer.terms(text)) }

    /// Whether a text's words (`WordPhrase.analyzer.terms`) hold these words in a row.
    func matches(words t: [String]) -> Bool {
        guard t.count >= words.count else { return false }
        for start in 0...(t.count - words.count) where t[start] == words[0] {
            if t[start..<(start + words.count)].elementsEqual(words) { return true }
        }
        return false
    }
}
