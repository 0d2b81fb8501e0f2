import Foundation
import Neural

/// The colours of a traced signal's values: white to dark blue for gates in [0, 1], blue
/// through white to red for tanh-like values in [−1, 1] (and, scaled to its largest magnitude,
/// for an unbounded cell state).
struct TraceColorScale {
    /// The values at the two ends of the scale.
    let low: Float, high: Float
    /// Whether the scale is diverging around zero.
    let diverging: Bool

    /// The scale of a signal, from its range (and, for an unbounded one, its values).
    init(range: TraceSignal.Range, values: ArraySlice<Float>) {
        switch range {
        case .unit: (low, high, diverging) = (0, 1, false)
        case .signed: (low, high, diverging) = (-1, 1, true)
        case .unbounded:
            let m = max(values.lazy.filter(\.isFinite).map(abs).max() ?? 1, 1e-6)
            (low, high, diverging) = (-m, m, true)
        }
    }

    /// `#rrggbb` of a value (clamped to the scale; NaN grey).
    func color(_ v: Float) -> String {
        guard v.isFinite else { return "#999999" }
        let u = Double(min(max((v - low) / (high - low), 0), 1))
        let (r, g, b): (Double, Double, Double)
        if diverging {
            // Blue (−) → white (0) → red (+), ColorBrewer RdBu ends.
            let blue = (33.0, 102.0, 172.0), red = (178.0, 24.0, 43.0)
            if u < 0.5 {
                let s = u / 0.5
                (r, g, b) = (blue.0 + (255 - blue.0) * s, blue.1 + (255 - blue.1) * s, blue.2 + (255 - blue.2) * s)
            } else {
                let s = (u - 0.5) / 0.5
                (r, g, b) = (255 + (red.0 - 255) * s, 255 + (red.1 - 255) * s, 255 + (red.2 - 255) * s)
            }
        } else {
            // White (0) → dark blue (1), ColorBrewer Blues ends.
            (r, g, b) = (255 + (8 - 255) * u, 255 + (48 - 255) * u, 255 + (107 - 255) * u)
        }
        return String(format: "#%02x%02x%02x", Int(r.rounded()), Int(g.rounded()), Int(b.rounded()))
    }

    /// The value shown at a fraction of the legend, formatted.
    func label(_ fraction: Float) -> String { String(format: "%.3g", Double(low + (high - low) * fraction)) }
}
