import Foundation

/// Parses the ISO 8601 date forms found in memory data: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`,
/// `YYYY-MM-DDTHH:MM:SS[.fff]`, each optionally followed by `Z` or `±HH:MM` (UTC when absent).
public enum ISODate {
    /// `YYYY-MM-DDTHH:MM:SSZ` in UTC (whole seconds).
    public static func string(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var p = tm()
        gmtime_r(&t, &p)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(p.tm_year) + 1900, Int(p.tm_mon) + 1, Int(p.tm_mday),
                      Int(p.tm_hour), Int(p.tm_min), Int(p.tm_sec))
    }

    /// The date, or nil when `text` is not one of the forms.
    public static func parse(_ text: String) -> Date? {
        let u = Array(text.utf8)
        func num(_ a: Int, _ n: Int) -> Int? {
            guard a + n <= u.count else { return nil }
            var v = 0
            for i in a..<(a + n) { guard u[i] >= 0x30 && u[i] <= 0x39 else { return nil }; v = v * 10 + Int(u[i] - 0x30) }
            return v
        }
        guard u.count >= 10, let y = num(0, 4), u[4] == 0x2D, let mo = num(5, 2), u[7] == 0x2D, let d = num(8, 2),
              (1...12).contains(mo), (1...31).contains(d) else { return nil }
        var h = 0, mi = 0, s = 0.0, offset = 0, i = 10
        if i < u.count && (u[i] == 0x54 || u[i] == 0x20) {  // 'T' or ' '
            guard let hh = num(i + 1, 2), i + 3 < u.count, u[i + 3] == 0x3A, let mm = num(i + 4, 2), hh < 24, mm < 60 else { return nil }
            h = hh; mi = mm; i += 6
            if i < u.count && u[i] == 0x3A {
                guard let ss = num(i + 1, 2), ss < 61 else { return nil }
                s = Double(ss); i += 3
                if i < u.count && u[i] == 0x2E {  // fraction
                    var j = i + 1, f = 0.0, scale = 0.1
                    while j < u.count && u[j] >= 0x30 && u[j] <= 0x39 { f += Double(u[j] - 0x30) * scale; scale /= 10; j += 1 }
                    guard j > i + 1 else { return nil }
                    s += f; i = j
                }
            }
            if i < u.count {
                if u[i] == 0x5A { i += 1 } else if u[i] == 0x2B || u[i] == 0x2D {
                    guard let oh = num(i + 1, 2), i + 3 < u.count, u[i + 3] == 0x3A, let om = num(i + 4, 2) else { return nil }
                    offset = (oh * 3600 + om * 60) * (u[i] == 0x2B ? 1 : -1); i += 6
                } else { return nil }
            }
        }
        guard i == u.count else { return nil }
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        guard let day = cal.date(from: DateComponents(year: y, month: mo, day: d)), cal.component(.day, from: day) == d else { return nil }
        return day.addingTimeInterval(Double(h * 3600 + mi * 60 - offset) + s)
    }
}
