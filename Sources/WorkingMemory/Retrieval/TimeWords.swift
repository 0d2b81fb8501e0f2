/// Recognises, among an item's analyzed terms, words that speak of a time ("yesterday", "last
/// week", "3 days ago", "in May", "2022", 昨天, 上个月): one set lookup per term, cheap enough for
/// every ingested item (``TimeCueParser/mentionsTime(_:)`` is exact but about 10x dearer).
struct TimeWords: Sendable {
    /// The time words as the analyzer writes them (stemmed, lower case; CJK unigrams and bigrams).
    let terms: Set<String>

    /// - Parameter analyzer: the analyzer whose terms will be checked.
    init(analyzer: TextAnalyzer) {
        let words = """
            yesterday today tonight tomorrow ago week weeks weekend month months year years recently lately
            night morning afternoon evening monday tuesday wednesday thursday friday saturday sunday
            january february march april may june july august september october november december
            昨天 昨晚 今天 明天 前天 上周 上星期 周末 上个月 下个月 去年 今年 前年 最近 礼拜
            """
        var set = Set<String>()
        for t in analyzer.terms(words) where t.unicodeScalars.count > 1 || t.unicodeScalars.first!.value < 0x2E80 {
            set.insert(t)  // CJK single characters (天, 年…) are too common to count
        }
        terms = set
    }

    /// Whether any term is a time word or a year (1900-2099).
    func speaksOfTime(_ itemTerms: [String]) -> Bool {
        itemTerms.contains { t in
            if terms.contains(t) { return true }
            let u = t.utf8
            guard u.count == 4, u.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
            return t.hasPrefix("19") || t.hasPrefix("20")
        }
    }
}
