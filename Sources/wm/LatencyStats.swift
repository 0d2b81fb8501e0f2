import Foundation

/// Latencies of one route: count, rate, and the 50th and 99th percentiles and the maximum, in milliseconds.
struct LatencyStats {
    var seconds: [Double] = []

    mutating func add(_ s: Double) { seconds.append(s) }
    mutating func add(_ other: LatencyStats) { seconds += other.seconds }

    /// Nearest-rank percentile (p in 0...100) in ms.
    func percentileMs(_ p: Double) -> Double {
        guard !seconds.isEmpty else { return 0 }
        let sorted = seconds.sorted()
        let rank = min(sorted.count - 1, max(0, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1))
        return sorted[rank] * 1000
    }

    var maxMs: Double { (seconds.max() ?? 0) * 1000 }

    /// `route  requests  req/s  p50  p99  max`.
    func row(_ name: String, over duration: Double) -> String {
        name.padding(toLength: 14, withPad: " ", startingAt: 0)
            + String(format: "%9d %9.0f %9.2f %9.2f %9.2f", seconds.count, Double(seconds.count) / duration, percentileMs(50), percentileMs(99), maxMs)
    }

    static let header = "route           requests     req/s    p50 ms    p99 ms    max ms"
}
