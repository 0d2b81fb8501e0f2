/// How much a turn is worth keeping, from its words alone, in [0, 1]: the input gate's salience feature.
/// Cues: content (how many content words / CJK characters), numbers and dates, proper names, words of
/// preference, plans, decisions and personal facts (English and Chinese); phatic turns ("ok thanks", "哈哈")
/// score low.
public struct Salience: Sendable, Equatable {
    public var content: Double
    public var number: Double
    public var names: Double
    public var keyword: Double
    public var filler: Double
    public var score: Double
    /// The lower-cased words of the text (reused by the fact extractor).
    public var words: Set<String>

    /// - Parameters:
    ///   - text: the turn.
    ///   - contentTerms: its analysed terms (stop words removed) that are not CJK.
    public init(text: String, contentTerms: Int) {
        var cjk = 0, digits = 0, names = 0
        var previousEndsSentence = true
        for word in text.split(whereSeparator: { $0.isWhitespace }) {
            if let first = word.unicodeScalars.first, first.properties.isUppercase, !previousEndsSentence,
               word.count > 1, word != "I", !word.hasPrefix("I'") {
                names += 1
            }
            previousEndsSentence = word.last.map { ".!?:".contains($0) } ?? false
        }
        for s in text.unicodeScalars {
            if EstimatedTokenCounter.isCJK(s) { cjk += 1 }
            if s.value < 128 ? (s.value >= 48 && s.value <= 57) : s.properties.numericType != nil { digits += 1 }
        }
        let lower = text.lowercased()
        // Word-level matching (a substring search per keyword costs more than the rest of the gate).
        let wordList = lower.split(whereSeparator: { !($0.isLetter || $0 == "'") }).map(String.init)
        words = Set(wordList)
        var phrases = words
        for k in wordList.indices.dropLast() { phrases.insert(wordList[k] + " " + wordList[k + 1]) }
        content = min(1, (Double(contentTerms) + Double(cjk) / 2) / 8)
        number = digits > 0 ? 1 : 0
        self.names = min(1, Double(names) / 2)
        let englishHit = !phrases.isDisjoint(with: Self.keywordPhrases) || wordList.contains { w in Self.keywordPrefixes.contains { w.hasPrefix($0) } }
        keyword = englishHit || (cjk > 0 && Self.chineseKeywords.contains { text.contains($0) }) ? 1 : 0
        let bare = (wordList.isEmpty || cjk > 0)
            ? lower.filter { $0.isLetter || $0.isWhitespace || EstimatedTokenCounter.isCJK($0.unicodeScalars.first!) }
                .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            : wordList.joined(separator: " ")
        filler = (bare.count <= 24 && (Self.fillers.contains(bare) || Self.fillers.contains(where: { bare.hasPrefix($0 + " ") && bare.count < $0.count + 8 }))) ? 1 : 0
        score = max(0, min(1, 0.4 * content + 0.15 * number + 0.15 * self.names + 0.3 * keyword - 0.6 * filler))
    }

    /// Words and two-word phrases of preference, plans, decisions, commitments and personal facts.
    static let keywordPhrases: Set<String> = [
        "like", "likes", "love", "loves", "hate", "hates", "favorite", "favourite", "allergic", "birthday", "my name",
        "i live", "moved to", "work at", "work as", "job", "going to", "will", "want to", "need to", "deadline",
        "meeting", "appointment", "married", "wife", "husband", "kids", "daughter", "son", "address", "phone",
        "email", "always", "never", "must", "budget", "password",
    ]
    /// Word beginnings that count as keywords (prefer, preferred, planning, decided...).
    static let keywordPrefixes: [String] = ["prefer", "plan", "decid"]
    static let chineseKeywords: [String] = [
        "喜欢", "讨厌", "爱", "计划", "打算", "决定", "生日", "名字", "住在", "工作", "过敏", "需要", "想要",
        "会议", "预约", "截止", "预算", "总是", "从不", "必须", "结婚", "孩子", "女儿", "儿子", "地址", "电话",
    ]

    /// Whole turns that carry no content.
    static let fillers: Set<String> = [
        "ok", "okay", "ok thanks", "thanks", "thank you", "thx", "yes", "no", "yeah", "yep", "nope", "sure",
        "hi", "hello", "hey", "bye", "goodbye", "lol", "haha", "cool", "great", "nice", "got it", "sounds good",
        "好的", "好", "谢谢", "哈哈", "嗯", "你好", "再见", "是的", "对", "没问题", "明白",
    ]

    /// Words asking the memory to keep something: the input gate's explicit feature.
    static let rememberCues: [String] = [
        "remember", "don't forget", "do not forget", "keep in mind", "note that", "make a note",
        "记住", "别忘", "不要忘", "记得", "请记下",
    ]

    /// 1 when the text explicitly asks to remember.
    static func explicitCue(_ text: String) -> Double {
        let lower = text.lowercased()
        return rememberCues.contains(where: { lower.contains($0) }) ? 1 : 0
    }
}
