import Foundation

/// A time reference found in a question ("yesterday", "last week", "in May 2023", "2023-05-08",
/// "上个月"), resolved to the interval of dates it names.
public struct TimeCue: Sendable, Equatable, Codable {
    /// The words of the question that name the time, lower-cased.
    public var phrase: String
    /// The dates named, [start, end) in UTC.
    public var interval: DateInterval

    /// - Parameters:
    ///   - phrase: the words that name the time.
    ///   - interval: the dates they name.
    public init(phrase: String, interval: DateInterval) {
        self.phrase = phrase
        self.interval = interval
    }

    /// Days from `date` to the interval: 0 inside, otherwise the distance to its nearer end.
    public func distanceInDays(from date: Date) -> Double {
        if date < interval.start { return interval.start.timeIntervalSince(date) / 86_400 }
        if date >= interval.end { return date.timeIntervalSince(interval.end) / 86_400 }
        return 0
    }
}
