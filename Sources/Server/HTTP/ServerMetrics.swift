import CoreMetrics
import Foundation
import Prometheus

/// The server's metrics, kept through swift-metrics in a Prometheus registry of its own (one per server, so
/// tests can run several; no global bootstrap) and served at `GET /metrics` in the Prometheus text format.
///
/// Series: `wm_http_requests_total` and `wm_http_request_duration_seconds` (histogram) by route, method and
/// status; `wm_sessions_loaded`; `wm_items_loaded` (items of the loaded sessions); `wm_events_total` by outcome
/// (admitted, rehearsed, rejected).
public final class ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory
    let sessionsLoaded: Meter
    let itemsLoaded: Meter
    private let events: [String: CoreMetrics.Counter]
    // A lock, not Mutex: Mutex needs macOS 15 and the package supports macOS 14.
    private let seriesLock = NSLock()
    nonisolated(unsafe) private var series: [String: (CoreMetrics.Counter, CoreMetrics.Timer)] = [:]

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5), .milliseconds(5),
            .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
        self.factory = factory
        sessionsLoaded = Meter(label: "wm_sessions_loaded", factory: factory)
        itemsLoaded = Meter(label: "wm_items_loaded", factory: factory)
        events = Dictionary(uniqueKeysWithValues: ["admitted", "rehearsed", "rejected"].map {
            ($0, CoreMetrics.Counter(label: "wm_events_total", dimensions: [("outcome", $0)], factory: factory))
        })
    }

    /// Counts one answered request and its latency.
    /// - Parameter route: the route's template (`/v1/users/{user}/...`), never the names in it.
    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        let (counter, timer) = requestSeries(route: route, method: method, status: status)
        counter.increment()
        timer.recordNanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// The series of one route, method and status, made once (the factory looks names up under a lock).
    private func requestSeries(route: String, method: String, status: Int) -> (CoreMetrics.Counter, CoreMetrics.Timer) {
        let key = "\(method) \(status) \(route)"
        return seriesLock.withLock {
            if let found = series[key] { return found }
            let dimensions = [("route", route), ("method", method), ("status", String(status))]
            let made = (CoreMetrics.Counter(label: "wm_http_requests_total", dimensions: dimensions, factory: factory),
                        CoreMetrics.Timer(label: "wm_http_request_duration_seconds", dimensions: dimensions, factory: factory))
            series[key] = made
            return made
        }
    }

    /// Counts received events by the input gate's outcome.
    func recordEvent(outcome: String) { events[outcome]?.increment() }

    /// The Prometheus text exposition.
    public func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
