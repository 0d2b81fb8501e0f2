import Foundation

/// Finds ``TimeCue``s in question text, in English and Chinese.
///
/// Absolute: ISO dates (`2023-05-08`), `8 May 2023`, `May 8th, 2023`, `May 2023`, `early May 2023`,
/// a day and month without a year (in the year of `now`), a year alone (`in 2022`),
/// `2023年5月8日`, `2023年5月`, `5月8日`, `2023年`.
/// Relative to `now` (skipped when `now` is nil): today, tonight, yesterday, last night, the day
/// before yesterday, this/last week, last weekend, this/last month, this/last year, last Monday…,
/// `N days/weeks/months/years ago`, a few days ago, recently, `in May` (the latest May not after
/// now); 今天, 昨天, 前天, 上周/上星期, 本周/这周, 上周末, 上个月, 本月/这个月, 去年, 今年, 前年,
/// 几天前, 最近, `N天/周/个月/年前`.
/// Calendar arithmetic is Gregorian in UTC; weeks start on Monday (ISO 8601).
///
/// A hand-written matcher over word tokens (not regular expressions: Swift's Regex took ~10 ms
/// per dated question, more than the whole rest of a search).
public struct TimeCueParser: Sendable {
    public init() {}

    static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
        "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
        "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]
    static let fullMonths: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    ]
    static let weekdays: [String: Int] = [  // Calendar weekday numbers: Sunday = 1
        "sunday": 1, "monday": 2, "tuesday": 3, "wednesday": 4, "thursday": 5, "friday": 6, "saturday": 7,
    ]
    static let numberWords: [String: Int] = [
        "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    ]
    static let units: [String: Calendar.Component] = [
        "day": .day, "days": .day, "week": .weekOfYear, "weeks": .weekOfYear, "month": .month, "months": .month,
        "year": .year, "years": .year,
    ]

    static var calendar: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        c.firstWeekday = 2
        return c
    }

    /// A word of the question: ASCII letters and digits, with its place in the scalars.
    struct Token {
        var text: String
        var start: Int
        var end: Int
        /// Its value when it is a number, or a number with an ordinal suffix (8th).
        var number: Int?
        var isYear: Bool { text.count == 4 && number != nil && text.allSatisfy(\.isNumber) && (1000...2999).contains(number!) }
    }

    /// The time cues in `text`, in text order; overlapping matches keep the first found (more
    /// specific patterns are tried first).
    /// - Parameters:
    ///   - text: the question.
    ///   - now: the time the question is asked; relative cues need it.
    public func cues(in text: String, now: Date?) -> [TimeCue] {
        let scalars = Array(text.lowercased().unicodeScalars)
        var found: [(range: Range<Int>, cue: TimeCue)] = []
        func add(_ r: Range<Int>, _ interval: DateInterval?) {
            guard let interval, !found.contains(where: { $0.range.overlaps(r) }) else { return }
            var phrase = String.UnicodeScalarView()
            phrase.append(contentsOf: scalars[r])
            found.append((r, TimeCue(phrase: String(phrase), interval: interval)))
        }
        let tokens = Self.tokens(scalars)
        let cal = Self.calendar
        let nowYear = now.map { cal.component(.year, from: $0) }
        func word(_ i: Int) -> String? { i >= 0 && i < tokens.count ? tokens[i].text : nil }
        func span(_ i: Int, _ j: Int) -> Range<Int> { tokens[i].start..<tokens[j].end }
        func adjacent(_ i: Int, by sep: Unicode.Scalar) -> Bool {  // tokens i and i+1 joined by exactly `sep`
            i + 1 < tokens.count && tokens[i + 1].start == tokens[i].end + 1 && scalars[tokens[i].end] == sep
        }

        // Absolute dates, most specific first.
        for i in tokens.indices where tokens[i].isYear && adjacent(i, by: "-") && adjacent(i + 1, by: "-") {
            if let m = tokens[i + 1].number, let d = tokens[i + 2].number, tokens[i + 1].text.count <= 2, tokens[i + 2].text.count <= 2 {
                add(span(i, i + 2), day(tokens[i].number!, m, d))
            }
        }
        for i in tokens.indices {  // 8 May 2023, 8th of May, May 8th 2023, May 8
            if let d = tokens[i].number, !tokens[i].isYear, d >= 1, d <= 31 {
                var j = i + 1
                if word(j) == "of" { j += 1 }
                if let w = word(j), let mo = Self.months[w] {
                    if j + 1 < tokens.count, tokens[j + 1].isYear { add(span(i, j + 1), day(tokens[j + 1].number!, mo, d)) } else if let y = nowYear { add(span(i, j), day(y, mo, d)) }
                }
            }
            if let w = word(i), let mo = Self.months[w], i + 1 < tokens.count, let d = tokens[i + 1].number, !tokens[i + 1].isYear, d >= 1, d <= 31 {
                if i + 2 < tokens.count, tokens[i + 2].isYear { add(span(i, i + 2), day(tokens[i + 2].number!, mo, d)) } else if let y = nowYear { add(span(i, i + 1), day(y, mo, d)) }
            }
        }
        for i in tokens.indices {  // (early|mid|late) May (of) 2023
            guard let w = word(i), let mo = Self.months[w] else { continue }
            var j = i + 1
            if word(j) == "of" { j += 1 }
            guard j < tokens.count, tokens[j].isYear else { continue }
            let part = ["early", "mid", "late"].contains(word(i - 1) ?? "") ? word(i - 1) : nil
            add(span(part == nil ? i : i - 1, j), month(tokens[j].number!, mo, part: part))
        }
        chineseAbsolute(scalars, nowYear: nowYear, add: add)

        if let now {
            let today = cal.startOfDay(for: now)
            func days(_ from: Int, _ to: Int) -> DateInterval {  // [today+from, today+to) in days
                DateInterval(start: cal.date(byAdding: .day, value: from, to: today)!, end: cal.date(byAdding: .day, value: to, to: today)!)
            }
            let weekStart = cal.dateInterval(of: .weekOfYear, for: now)!.start
            let monthStart = cal.dateInterval(of: .month, for: now)!.start
            let yearStart = cal.dateInterval(of: .year, for: now)!.start
            func shifted(_ start: Date, _ unit: Calendar.Component, _ n: Int, length: Int = 1) -> DateInterval {
                let a = cal.date(byAdding: unit, value: n, to: start)!
                return DateInterval(start: a, end: cal.date(byAdding: unit, value: length, to: a)!)
            }
            // Phrases as word sequences (English) or character strings (Chinese), longest first within a meaning.
            let relative: [(english: [[String]], chinese: [String], interval: DateInterval)] = [
                ([["the", "day", "before", "yesterday"]], ["前天"], days(-2, -1)),
                ([["yesterday"], ["last", "night"]], ["昨天", "昨晚", "昨日"], days(-1, 0)),
                ([["today"], ["tonight"], ["this", "morning"], ["this", "afternoon"], ["this", "evening"]], ["今天", "今晚", "今日"], days(0, 1)),
                ([["last", "weekend"]], ["上周末", "上个周末"], shifted(weekStart, .day, -2, length: 2)),
                ([["this", "weekend"]], ["这周末", "本周末"], shifted(weekStart, .day, 5, length: 2)),
                ([["last", "week"], ["the", "week", "before"], ["previous", "week"]], ["上个星期", "上星期", "上个礼拜", "上礼拜", "上周"], shifted(weekStart, .day, -7, length: 7)),
                ([["this", "week"]], ["这个星期", "这星期", "本周", "这周"], shifted(weekStart, .day, 0, length: 7)),
                ([["last", "month"], ["previous", "month"]], ["上个月", "上月"], shifted(monthStart, .month, -1)),
                ([["this", "month"]], ["这个月", "本月"], shifted(monthStart, .month, 0)),
                ([["the", "year", "before", "last"]], ["前年"], shifted(yearStart, .year, -2)),
                ([["last", "year"], ["previous", "year"]], ["去年"], shifted(yearStart, .year, -1)),
                ([["this", "year"]], ["今年"], shifted(yearStart, .year, 0)),
                ([["a", "few", "days", "ago"], ["a", "couple", "of", "days", "ago"], ["few", "days", "ago"], ["several", "days", "ago"]], ["几天前"], days(-5, 0)),
                ([["recently"], ["lately"]], ["最近", "近来"], days(-30, 1)),
            ]
            for (english, chinese, interval) in relative {
                for phrase in english {
                    for i in tokens.indices where i + phrase.count <= tokens.count && (0..<phrase.count).allSatisfy({ tokens[i + $0].text == phrase[$0] }) {
                        add(span(i, i + phrase.count - 1), interval)
                    }
                }
                for phrase in chinese { for r in Self.occurrences(of: phrase, in: scalars) { add(r, interval) } }
            }
            for i in tokens.indices where word(i) == "last" {  // last Monday: the latest Monday before today
                guard let w = word(i + 1), let target = Self.weekdays[w] else { continue }
                var back = (cal.component(.weekday, from: today) - target + 7) % 7
                if back == 0 { back = 7 }
                add(span(i, i + 1), days(-back, -back + 1))
            }
            for i in tokens.indices where i + 2 < tokens.count && tokens[i + 2].text == "ago" {  // 3 weeks ago
                guard let unit = Self.units[tokens[i + 1].text], let n0 = tokens[i].number ?? Self.numberWords[tokens[i].text] else { continue }
                let n = min(n0, 10_000)
                let center = cal.date(byAdding: unit, value: -n, to: today)!
                // One unit wide, centred on the date named: "3 weeks ago" is rarely exact.
                let half = cal.date(byAdding: unit, value: 1, to: center)!.timeIntervalSince(center) / 2
                add(span(i, i + 2), DateInterval(start: center.addingTimeInterval(-half), end: center.addingTimeInterval(max(half, 86_400))))
            }
            chineseAgo(scalars, today: today, add: add)
            for i in tokens.indices where ["in", "during", "since", "by", "of"].contains(tokens[i].text) {  // in (early) May
                var j = i + 1
                let part = ["early", "mid", "late"].contains(word(j) ?? "") ? word(j) : nil
                if part != nil { j += 1 }
                guard let w = word(j), Self.fullMonths.contains(w), let mo = Self.months[w] else { continue }
                let y = cal.component(.year, from: now) - (mo > cal.component(.month, from: now) ? 1 : 0)
                add(span(i, j), month(y, mo, part: part))
            }
        }
        // A year alone, as a word ("in 2022"), after everything that could contain it.
        for t in tokens where t.isYear && (1900...2099).contains(t.number!) { add(t.start..<t.end, year(t.number!)) }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }.map(\.cue)
    }

    /// Whether `text` speaks of a time (a date, "yesterday", "last week", "3 days ago", 昨天…):
    /// the items a "when" question is most likely about.
    public func mentionsTime(_ text: String) -> Bool {
        !cues(in: text, now: Self.referenceNow).isEmpty
    }

    /// Whether `text` asks for a time ("When did…", "What date…", "How long ago…", 什么时候, 哪天…).
    public func asksWhen(_ text: String) -> Bool {
        let t = Self.tokens(Array(text.lowercased().unicodeScalars)).map(\.text)
        for (i, w) in t.enumerated() {
            if w == "when" { return true }
            if (w == "what" || w == "which") && i + 1 < t.count && ["date", "day", "time", "year", "month", "week"].contains(t[i + 1]) { return true }
            if w == "how" && i + 2 < t.count && t[i + 1] == "long" && t[i + 2] == "ago" { return true }
        }
        return ["什么时候", "何时", "哪天", "哪一天", "几号", "哪年", "几月"].contains { text.contains($0) }
    }

    /// Any fixed date: relative cues only need to resolve, not to be right, for ``mentionsTime(_:)``.
    private static let referenceNow = Date(timeIntervalSince1970: 946_684_800)  // 2000-01-01

    /// Words of ASCII letters and digits (other scalars separate them).
    static func tokens(_ s: [Unicode.Scalar]) -> [Token] {
        var out: [Token] = []
        var i = 0
        while i < s.count {
            guard s[i].isASCII, s[i].properties.isAlphabetic || ("0"..."9").contains(s[i]) else { i += 1; continue }
            let start = i
            while i < s.count, s[i].isASCII, s[i].properties.isAlphabetic || ("0"..."9").contains(s[i]) { i += 1 }
            var text = String.UnicodeScalarView()
            text.append(contentsOf: s[start..<i])
            let word = String(text)
            // A number, or a number with an ordinal suffix (1st, 2nd, 3rd, 8th).
            let digits = word.prefix { $0.isNumber }
            var number: Int?
            if !digits.isEmpty && digits.count <= 6 && ["", "st", "nd", "rd", "th"].contains(String(word.dropFirst(digits.count))) { number = Int(digits) }
            out.append(Token(text: word, start: start, end: i, number: number))
        }
        return out
    }

    /// Every place `phrase` occurs in `s`.
    static func occurrences(of phrase: String, in s: [Unicode.Scalar]) -> [Range<Int>] {
        let p = Array(phrase.unicodeScalars)
        guard !p.isEmpty, p.count <= s.count else { return [] }
        var out: [Range<Int>] = []
        for i in 0...(s.count - p.count) where s[i] == p[0] && (1..<p.count).allSatisfy({ s[i + $0] == p[$0] }) { out.append(i..<(i + p.count)) }
        return out
    }

    /// A run of ASCII digits at `i` (after spaces): its value and the index after it.
    static func digits(_ s: [Unicode.Scalar], _ i0: Int) -> (value: Int, end: Int)? {
        var i = i0
        while i < s.count && s[i] == " " { i += 1 }
        let start = i
        var v = 0
        while i < s.count, ("0"..."9").contains(s[i]), i - start < 6 { v = v * 10 + Int(s[i].value - 48); i += 1 }
        return i > start ? (v, i) : nil
    }

    /// The index after `c` when it follows `i` (after spaces).
    static func expect(_ s: [Unicode.Scalar], _ i0: Int, _ c: Unicode.Scalar) -> Int? {
        var i = i0
        while i < s.count && s[i] == " " { i += 1 }
        return i < s.count && s[i] == c ? i + 1 : nil
    }

    /// 2023年5月8日 / 2023年5月 / 5月8日 / 2023年 (not 3年前).
    private func chineseAbsolute(_ s: [Unicode.Scalar], nowYear: Int?, add: (Range<Int>, DateInterval?) -> Void) {
        var i = 0
        while i < s.count {
            guard ("0"..."9").contains(s[i]), i == 0 || !("0"..."9").contains(s[i - 1]), let (a, aEnd) = Self.digits(s, i) else { i += 1; continue }
            if let yEnd = Self.expect(s, aEnd, "年") {
                if let (m, mEnd) = Self.digits(s, yEnd), let moEnd = Self.expect(s, mEnd, "月") {
                    if let (d, dEnd) = Self.digits(s, moEnd), let end = Self.expect(s, dEnd, "日") ?? Self.expect(s, dEnd, "号") {
                        add(i..<end, day(a, m, d))
                    } else {
                        add(i..<moEnd, month(a, m, part: nil))
                    }
                } else if yEnd >= s.count || s[yEnd] != "前" {
                    add(i..<yEnd, year(a))
                }
            } else if let moEnd = Self.expect(s, aEnd, "月"), let (d, dEnd) = Self.digits(s, moEnd),
                      let end = Self.expect(s, dEnd, "日") ?? Self.expect(s, dEnd, "号"), let y = nowYear {
                add(i..<end, day(y, a, d))
            }
            i = aEnd
        }
    }

    /// N天前 / N周前 / N个星期前 / N个月前 / N年前: from that day, one day wide.
    private func chineseAgo(_ s: [Unicode.Scalar], today: Date, add: (Range<Int>, DateInterval?) -> Void) {
        let cal = Self.calendar
        let units: [(String, Calendar.Component)] = [("天前", .day), ("周前", .weekOfYear), ("个星期前", .weekOfYear), ("个月前", .month), ("年前", .year)]
        var i = 0
        while i < s.count {
            guard ("0"..."9").contains(s[i]), i == 0 || !("0"..."9").contains(s[i - 1]), let (n, nEnd) = Self.digits(s, i) else { i += 1; continue }
            for (suffix, unit) in units {
                let u = Array(suffix.unicodeScalars)
                if nEnd + u.count <= s.count && Array(s[nEnd..<(nEnd + u.count)]) == u {
                    let start = cal.date(byAdding: unit, value: -min(n, 10_000), to: today)!
                    add(i..<(nEnd + u.count), DateInterval(start: start, end: cal.date(byAdding: .day, value: 1, to: start)!))
                }
            }
            i = nEnd
        }
    }

    func day(_ y: Int, _ m: Int, _ d: Int) -> DateInterval? {
        let cal = Self.calendar
        guard (1...12).contains(m), (1...31).contains(d), (1...9999).contains(y),
              let start = cal.date(from: DateComponents(year: y, month: m, day: d)),
              cal.component(.month, from: start) == m else { return nil }
        return DateInterval(start: start, duration: 86_400)
    }

    func month(_ y: Int, _ m: Int, part: String?) -> DateInterval? {
        let cal = Self.calendar
        guard (1...12).contains(m), (1...9999).contains(y), let start = cal.date(from: DateComponents(year: y, month: m, day: 1)) else { return nil }
        let end = cal.date(byAdding: .month, value: 1, to: start)!
        switch part {
        case "early": return DateInterval(start: start, end: start.addingTimeInterval(10 * 86_400))
        case "mid": return DateInterval(start: start.addingTimeInterval(9 * 86_400), end: start.addingTimeInterval(21 * 86_400))
        case "late": return DateInterval(start: start.addingTimeInterval(20 * 86_400), end: end)
        default: return DateInterval(start: start, end: end)
        }
    }

    func year(_ y: Int) -> DateInterval? {
        let cal = Self.calendar
        guard (1...9999).contains(y), let start = cal.date(from: DateComponents(year: y, month: 1, day: 1)) else { return nil }
        return DateInterval(start: start, end: cal.date(byAdding: .year, value: 1, to: start)!)
    }
}
