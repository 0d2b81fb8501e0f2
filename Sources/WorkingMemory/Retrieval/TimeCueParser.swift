import Foundation

/// Finds ``TimeCue``s in question text, in English and Chinese.
///
/// Absolute: ISO dates (`2023-05-08`), `8 May 2023`, `May 8, 2023`, `May 2023`, a month alone
/// (in the year of `now`), a year alone (`in 2022`), `2023年5月8日`, `2023年5月`, `5月8日`, `2023年`.
/// Relative to `now` (skipped when `now` is nil): today, yesterday, the day before yesterday,
/// last night, this/last week, last weekend, this/last month, this/last year, last Monday…,
/// `N days/weeks/months/years ago`, a few days ago, recently; 今天, 昨天, 前天, 上周/上星期,
/// 本周/这周, 上个月, 本月/这个月, 去年, 今年, 前年, N天前.
/// Calendar arithmetic is Gregorian in UTC; weeks start on Monday (ISO 8601).
public struct TimeCueParser: Sendable {
    public init() {}

    private static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
        "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
        "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]
    private static let weekdays: [String: Int] = [  // Calendar weekday numbers: Sunday = 1
        "sunday": 1, "monday": 2, "tuesday": 3, "wednesday": 4, "thursday": 5, "friday": 6, "saturday": 7,
    ]
    private static let numbers: [String: Int] = [
        "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "couple of": 2, "a couple of": 2, "few": 3, "a few": 3,
    ]

    private static var calendar: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        c.firstWeekday = 2
        return c
    }

    /// The time cues in `text`, in text order; overlapping matches keep the first, longest one.
    /// - Parameters:
    ///   - text: the question.
    ///   - now: the time the question is asked; relative cues need it.
    public func cues(in text: String, now: Date?) -> [TimeCue] {
        let s = text.lowercased()
        guard Self.mightNameATime(s) else { return [] }
        var found: [(range: Range<String.Index>, cue: TimeCue)] = []
        func add(_ r: Range<String.Index>, _ interval: DateInterval?) {
            guard let interval else { return }
            if found.contains(where: { $0.range.overlaps(r) }) { return }
            found.append((r, TimeCue(phrase: String(s[r]), interval: interval)))
        }
        let cal = Self.calendar
        let nowYear = now.map { cal.component(.year, from: $0) }

        // Absolute dates, most specific first.
        for m in s.matches(of: Self.pattern0) {
            add(m.range, day(Int(m.group(1)!)!, Int(m.group(2)!)!, Int(m.group(3)!)!))
        }
        for m in s.matches(of: Self.pattern1) {
            let year = m.group(3).flatMap { Int($0) } ?? nowYear
            if let year { add(m.range, day(year, Self.months[String(m.group(2)!)]!, Int(m.group(1)!)!)) }
        }
        for m in s.matches(of: Self.pattern2) {
            let year = m.group(3).flatMap { Int($0) } ?? nowYear
            if let year { add(m.range, day(year, Self.months[String(m.group(1)!)]!, Int(m.group(2)!)!)) }
        }
        for m in s.matches(of: Self.pattern3) {
            add(m.range, month(Int(m.group(3)!)!, Self.months[String(m.group(2)!)]!, part: m.group(1)))
        }
        for m in s.matches(of: Self.pattern4) {
            add(m.range, day(Int(m.group(1)!)!, Int(m.group(2)!)!, Int(m.group(3)!)!))
        }
        for m in s.matches(of: Self.pattern5) { add(m.range, month(Int(m.group(1)!)!, Int(m.group(2)!)!, part: nil)) }
        for m in s.matches(of: Self.pattern6) {
            if let y = nowYear { add(m.range, day(y, Int(m.group(1)!)!, Int(m.group(2)!)!)) }
        }
        for m in s.matches(of: Self.pattern7) { add(m.range, year(Int(m.group(1)!)!)) }

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
            let relative: [(String, DateInterval)] = [
                (#"\bthe day before yesterday\b|前天"#, days(-2, -1)),
                (#"\byesterday\b|\blast night\b|昨天|昨晚|昨日"#, days(-1, 0)),
                (#"\btoday\b|\btonight\b|\bthis (?:morning|afternoon|evening)\b|今天|今晚|今日"#, days(0, 1)),
                (#"\blast weekend\b|上周末|上个周末"#, shifted(weekStart, .day, -2, length: 2)),
                (#"\bthis weekend\b|这周末|本周末"#, shifted(weekStart, .day, 5, length: 2)),
                (#"\blast week\b|\bthe week before\b|\bprevious week\b|上周|上星期|上个星期|上礼拜|上个礼拜"#, shifted(weekStart, .day, -7, length: 7)),
                (#"\bthis week\b|本周|这周|这星期|这个星期"#, shifted(weekStart, .day, 0, length: 7)),
                (#"\blast month\b|\bprevious month\b|上个月|上月"#, shifted(monthStart, .month, -1)),
                (#"\bthis month\b|本月|这个月"#, shifted(monthStart, .month, 0)),
                (#"\blast year\b|\bprevious year\b|去年"#, shifted(yearStart, .year, -1)),
                (#"\bthis year\b|今年"#, shifted(yearStart, .year, 0)),
                (#"\bthe year before last\b|前年"#, shifted(yearStart, .year, -2)),
                (#"\b(?:a few|a couple of|few|several) days ago\b|几天前"#, days(-5, 0)),
                (#"\brecently\b|\blately\b|最近|近来"#, days(-30, 1)),
            ]
            for (k, (_, interval)) in relative.enumerated() {
                for m in s.matches(of: Self.relativePatterns[k]) { add(m.range, interval) }
            }
            for m in s.matches(of: Self.pattern8) {
                let target = Self.weekdays[String(m.group(1)!)]!
                let todayWeekday = cal.component(.weekday, from: today)
                var back = (todayWeekday - target + 7) % 7
                if back == 0 { back = 7 }
                add(m.range, days(-back, -back + 1))
            }
            for m in s.matches(of: Self.pattern9) {
                let n = min(Int(m.group(1)!) ?? Self.numbers[String(m.group(1)!)] ?? 1, 10_000)
                let unit: Calendar.Component = ["day": .day, "week": .weekOfYear, "month": .month, "year": .year][String(m.group(2)!)]!
                let center = cal.date(byAdding: unit, value: -n, to: today)!
                // One unit wide, centred on the date named: "3 weeks ago" is rarely exact.
                let half = cal.date(byAdding: unit, value: 1, to: center)!.timeIntervalSince(center) / 2
                add(m.range, DateInterval(start: center.addingTimeInterval(-half), end: center.addingTimeInterval(max(half, 86_400))))
            }
            for m in s.matches(of: Self.pattern10) {
                let n = min(Int(m.group(1)!) ?? 1, 10_000)
                let unit: Calendar.Component = ["天": .day, "周": .weekOfYear, "个星期": .weekOfYear, "个月": .month, "年": .year][String(m.group(2)!)]!
                let start = cal.date(byAdding: unit, value: -n, to: today)!
                add(m.range, DateInterval(start: start, end: cal.date(byAdding: .day, value: 1, to: start)!))
            }
            // A month named alone ("in May") means the latest such month not after now.
            for m in s.matches(of: Self.pattern11) {
                let mo = Self.months[String(m.group(2)!)]!
                let y = cal.component(.year, from: now) - (mo > cal.component(.month, from: now) ? 1 : 0)
                add(m.range, month(y, mo, part: m.group(1)))
            }
        }
        // A year alone, as a word ("in 2022"), after everything that could contain it.
        for m in s.matches(of: Self.pattern12) { add(m.range, year(Int(m.group(1)!)!)) }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }.map(\.cue)
    }

    /// Words without which no pattern can match; checking them first skips the regexes for
    /// most questions.
    private static let timeWords = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        "yesterday", "today", "tonight", "night", "morning", "afternoon", "evening", "week", "month", "year",
        "day", "ago", "recent", "lately", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "天", "晚", "日", "周", "星期", "礼拜", "月", "年", "前", "近",
    ]

    private static func mightNameATime(_ s: String) -> Bool {
        if s.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) { return true }
        return timeWords.contains { s.contains($0) }
    }

    private static let monthAlternation = months.keys.sorted { $0.count > $1.count }.joined(separator: "|")
    // Compiled once: building a Regex costs far more than matching one question. Regex is an
    // immutable value whose lazily lowered program is published atomically by the standard library,
    // so sharing these across threads is safe; it is only not declared Sendable.
    nonisolated(unsafe) private static let pattern0 = regex(#"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"#)
    nonisolated(unsafe) private static let pattern1 = regex(#"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(\#(monthAlternation))\b\.?(?:,?\s+(\d{4}))?"#)
    nonisolated(unsafe) private static let pattern2 = regex(#"\b(\#(monthAlternation))\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?"#)
    nonisolated(unsafe) private static let pattern3 = regex(#"\b(?:(early|mid|late)\s+)?(\#(monthAlternation))\b,?\s+(?:of\s+)?(\d{4})\b"#)
    nonisolated(unsafe) private static let pattern4 = regex(#"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"#)
    nonisolated(unsafe) private static let pattern5 = regex(#"(\d{4})\s*年\s*(\d{1,2})\s*月"#)
    nonisolated(unsafe) private static let pattern6 = regex(#"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"#)
    nonisolated(unsafe) private static let pattern7 = regex(#"(\d{4})\s*年(?!前)"#)
    nonisolated(unsafe) private static let pattern8 = regex(#"\blast (monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"#)
    nonisolated(unsafe) private static let pattern9 = regex(#"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(day|week|month|year)s?\s+ago\b"#)
    nonisolated(unsafe) private static let pattern10 = regex(#"(\d+)\s*(天|周|个星期|个月|年)前"#)
    nonisolated(unsafe) private static let pattern11 = regex(#"\b(?:in|during|since|by|of)\s+(?:(early|mid|late)\s+)?(january|february|march|april|may|june|july|august|september|october|november|december)\b"#)
    nonisolated(unsafe) private static let pattern12 = regex(#"\b(19\d{2}|20\d{2})\b"#)
    nonisolated(unsafe) private static let relativePatterns: [Regex<AnyRegexOutput>] = [
        regex(#"\bthe day before yesterday\b|前天"#),
        regex(#"\byesterday\b|\blast night\b|昨天|昨晚|昨日"#),
        regex(#"\btoday\b|\btonight\b|\bthis (?:morning|afternoon|evening)\b|今天|今晚|今日"#),
        regex(#"\blast weekend\b|上周末|上个周末"#),
        regex(#"\bthis weekend\b|这周末|本周末"#),
        regex(#"\blast week\b|\bthe week before\b|\bprevious week\b|上周|上星期|上个星期|上礼拜|上个礼拜"#),
        regex(#"\bthis week\b|本周|这周|这星期|这个星期"#),
        regex(#"\blast month\b|\bprevious month\b|上个月|上月"#),
        regex(#"\bthis month\b|本月|这个月"#),
        regex(#"\blast year\b|\bprevious year\b|去年"#),
        regex(#"\bthis year\b|今年"#),
        regex(#"\bthe year before last\b|前年"#),
        regex(#"\b(?:a few|a couple of|few|several) days ago\b|几天前"#),
        regex(#"\brecently\b|\blately\b|最近|近来"#),
    ]

    private static func regex(_ pattern: String) -> Regex<AnyRegexOutput> {
        try! Regex(pattern)
    }

    private func day(_ y: Int, _ m: Int, _ d: Int) -> DateInterval? {
        let cal = Self.calendar
        guard (1...12).contains(m), (1...31).contains(d),
              let start = cal.date(from: DateComponents(year: y, month: m, day: d)),
              cal.component(.month, from: start) == m else { return nil }
        return DateInterval(start: start, duration: 86_400)
    }

    private func month(_ y: Int, _ m: Int, part: Substring?) -> DateInterval? {
        let cal = Self.calendar
        guard (1...12).contains(m), let start = cal.date(from: DateComponents(year: y, month: m, day: 1)) else { return nil }
        let end = cal.date(byAdding: .month, value: 1, to: start)!
        switch part {
        case "early": return DateInterval(start: start, end: start.addingTimeInterval(10 * 86_400))
        case "mid": return DateInterval(start: start.addingTimeInterval(9 * 86_400), end: start.addingTimeInterval(21 * 86_400))
        case "late": return DateInterval(start: start.addingTimeInterval(20 * 86_400), end: end)
        default: return DateInterval(start: start, end: end)
        }
    }

    private func year(_ y: Int) -> DateInterval? {
        let cal = Self.calendar
        guard let start = cal.date(from: DateComponents(year: y, month: 1, day: 1)) else { return nil }
        return DateInterval(start: start, end: cal.date(byAdding: .year, value: 1, to: start)!)
    }
}

private extension Regex<AnyRegexOutput>.Match {
    /// The text of capture group `i`, nil when it did not take part.
    func group(_ i: Int) -> Substring? { self.output[i].substring }
}
