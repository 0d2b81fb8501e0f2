#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress display for training: a bar, the step, named values (loss, metrics),
/// steps per second and the estimated time left.
///
/// On a terminal (isatty) the line is redrawn in place (at most 10 times a second); otherwise
/// plain lines are printed, one per `plainEvery` fraction of the run, so logs stay readable.
public struct ProgressBar {
    public let total: Int
    public let prefix: String
    public let interactive: Bool
    /// Fraction of the run between two plain lines when not interactive.
    public var plainEvery: Double = 1
    private let start = ContinuousClock.now
    private var lastDraw = ContinuousClock.now
    private var lastPlain = 0

    /// - Parameters:
    ///   - total: number of steps.
    ///   - prefix: label ("Epoch 3/10").
    ///   - interactive: redraw in place; defaults to whether standard output is a terminal.
    public init(total: Int, prefix: String, interactive: Bool = isatty(STDOUT_FILENO) != 0) {
        self.total = max(total, 1)
        self.prefix = prefix
        self.interactive = interactive
    }

    /// Seconds since the bar was created.
    public var elapsed: Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// The text of the line at `step` (also used by tests).
    public func line(step: Int, values: [(String, Float)]) -> String {
        let width = 24
        let filled = min(width, width * step / total)
        let bar = String(repeating: "=", count: filled) + (filled < width ? ">" : "")
            + String(repeating: " ", count: max(0, width - filled - 1))
        let rate = elapsed > 0 ? Double(step) / elapsed : 0
        let eta = rate > 0 ? Double(total - step) / rate : 0
        var s = "\(prefix) [\(bar)] \(step)/\(total)"
        for (name, v) in values { s += " \(name) \(formatValue(v))" }
        s += " | \(formatRate(rate)) steps/s | ETA \(formatDuration(eta))"
        return s
    }

    /// Reports progress after `step` steps.
    public mutating func update(step: Int, values: [(String, Float)]) {
        if interactive {
            let now = ContinuousClock.now
            guard now - lastDraw > .milliseconds(100) || step == total else { return }
            lastDraw = now
            print("\r\u{1B}[K" + line(step: step, values: values), terminator: "")
            fflush(nil)
        } else if plainEvery < 1 {
            let every = max(1, Int(Double(total) * plainEvery))
            if step / every > lastPlain / every, step < total {
                lastPlain = step
                print(line(step: step, values: values))
            }
        }
    }

    /// Ends the bar with its final values (a newline on a terminal, one plain line otherwise).
    public mutating func finish(values: [(String, Float)], step: Int? = nil) {
        let s = line(step: step ?? total, values: values)
        if interactive { print("\r\u{1B}[K" + s) } else { print(s) }
        fflush(nil)
    }
}

func formatValue(_ v: Float) -> String {
    if v == 0 { return "0" }
    let a = abs(v)
    if a >= 1e-3 && a < 1e4 {
        let s = String(Int((Double(v) * 1e4).rounded()))
        let neg = s.hasPrefix("-")
        var digits = neg ? String(s.dropFirst()) : s
        while digits.count < 5 { digits = "0" + digits }
        return (neg ? "-" : "") + digits.dropLast(4) + "." + digits.suffix(4)
    }
    return "\(v)"
}

func formatRate(_ r: Double) -> String {
    r >= 100 ? String(Int(r.rounded())) : String(Double(Int(r * 10)) / 10)
}

/// h:mm:ss or m:ss.
func formatDuration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "?" }
    let s = Int(seconds.rounded())
    let (h, m, sec) = (s / 3600, (s % 3600) / 60, s % 60)
    let ss = sec < 10 ? "0\(sec)" : "\(sec)"
    if h > 0 { return "\(h):\(m < 10 ? "0" : "")\(m):\(ss)" }
    return "\(m):\(ss)"
}
