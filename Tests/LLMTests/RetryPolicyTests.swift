import Foundation
import Testing
@testable import LLM

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy()

    @Test func timeoutsConflictsRateLimitsAndServerErrorsAreRetried() {
        for status in [408, 409, 429, 500, 502, 503, 504, 599] { #expect(policy.shouldRetry(status: status, code: nil, type: nil), "\(status)") }
        for status in [400, 401, 403, 404, 422] { #expect(!policy.shouldRetry(status: status, code: nil, type: nil), "\(status)") }
    }

    @Test func aRateLimitForAnExhaustedQuotaIsNotRetried() {
        #expect(!policy.shouldRetry(status: 429, code: "insufficient_quota", type: "insufficient_quota"))
        #expect(!policy.shouldRetry(status: 429, code: nil, type: "insufficient_quota"))
        #expect(policy.shouldRetry(status: 429, code: "rate_limit_exceeded", type: "requests"))
    }

    @Test func retryAfterMillisecondsWinsOverRetryAfter() {
        #expect(policy.delay(beforeRetry: 0, headers: ["retry-after-ms": "250", "retry-after": "5"], jitter: 0.5) == 0.25)
    }

    @Test func retryAfterInSecondsOrAsAnHTTPDateIsHonoured() {
        #expect(policy.delay(beforeRetry: 0, headers: ["retry-after": "3"], jitter: 0.9) == 3)
        let now = Date(timeIntervalSince1970: 1_700_000_000)  // Tue, 14 Nov 2023 22:13:20 GMT
        #expect(policy.delay(beforeRetry: 0, headers: ["retry-after": "Tue, 14 Nov 2023 22:13:27 GMT"], jitter: 0, now: now) == 7)
    }

    @Test func aServerWaitOverAMinuteOrMalformedFallsBackToTheBackoff() {
        #expect(policy.delay(beforeRetry: 0, headers: ["retry-after": "3600"], jitter: 0) == 0.5)
        #expect(policy.delay(beforeRetry: 0, headers: ["retry-after": "soon"], jitter: 0) == 0.5)
    }

    @Test func backoffDoublesUpToItsCapAndJitterTakesOffAtMostAQuarter() {
        #expect((0..<6).map { policy.delay(beforeRetry: $0, headers: [:], jitter: 0) } == [0.5, 1, 2, 4, 8, 8])
        #expect(policy.delay(beforeRetry: 1, headers: [:], jitter: 1) == 0.75)
    }
}
