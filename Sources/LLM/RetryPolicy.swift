import Foundation

/// When and how long to wait before trying a failed call again. Follows the official OpenAI SDKs
/// (openai-python `_base_client.py`: `_should_retry`, `_calculate_retry_timeout`): retry 408, 409, 429 and 5xx
/// and connection failures; wait what the server asks in `retry-after-ms` or `Retry-After` (seconds or an HTTP
/// date) when that is between 0 and 60 s, else 0.5 s × 2^n capped at 8 s, less up to 25 % jitter so that many
/// clients do not come back in step. A 429 whose code is `insufficient_quota` is final: the quota will not
/// come back by waiting.
public struct RetryPolicy: Sendable, Equatable {
    /// Tries after the first one.
    public var maxRetries: Int
    public var initialDelay: Double
    public var maxDelay: Double
    /// The longest server-requested wait that is honoured; longer ones fall back to the backoff.
    public var maxRetryAfter: Double

    public init(maxRetries: Int = 2, initialDelay: Double = 0.5, maxDelay: Double = 8, maxRetryAfter: Double = 60) {
        self.maxRetries = maxRetries
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// No retries.
    public static let never = RetryPolicy(maxRetries: 0)

    /// Whether an error answer is worth another try.
    public func shouldRetry(status: Int, code: String?, type: String?) -> Bool {
        if status == 429 && (code == "insufficient_quota" || type == "insufficient_quota") { return false }
        return status == 408 || status == 409 || status == 429 || (500...599).contains(status)
    }

    /// Seconds to wait before retry number `retry` (0 for the first retry).
    /// - Parameters:
    ///   - headers: the failed answer's headers, by lower-cased name.
    ///   - jitter: a number in 0..<1 (random in use; fixed in tests).
    ///   - now: the time, for a `Retry-After` given as a date.
    public func delay(beforeRetry retry: Int, headers: [String: String], jitter: Double, now: Date = Date()) -> Double {
        if let asked = Self.retryAfter(headers, now: now), asked > 0, asked <= maxRetryAfter { return asked }
        let backoff = min(initialDelay * pow(2, Double(retry)), maxDelay)
        return backoff * (1 - 0.25 * min(max(jitter, 0), 1))
    }

    /// The wait a server asked for, in seconds: `retry-after-ms` (OpenAI's), else `Retry-After` (RFC 9110 §10.2.3:
    /// delay-seconds or an HTTP-date).
    static func retryAfter(_ headers: [String: String], now: Date) -> Double? {
        if let ms = headers["retry-after-ms"].flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }), ms.isFinite { return ms / 1000 }
        guard let value = headers["retry-after"]?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(value), seconds.isFinite { return seconds }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return f.date(from: value).map { $0.timeIntervalSince(now) }
    }
}
