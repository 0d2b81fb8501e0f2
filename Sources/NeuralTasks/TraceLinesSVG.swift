import Foundation
import Neural

/// An SVG line plot of values over time: a few units of a traced signal, or the input's
/// features, with the marked timesteps drawn as vertical lines.
public enum TraceLinesSVG {
    /// One line.
    public struct Series: Sendable {
        /// Legend text.
        public var label: String
        /// One value per timestep.
        public var values: [Float]
        /// - Parameters: see the properties.
        public init(label: String, values: [Float]) {
            self.label = label
            self.values = values
        }
    }

    /// - Parameters:
    ///   - title: heading.
    ///   - series: the lines (the first ones are drawn thicker when `emphasizeFirst`).
    ///   - range: the y range; nil fits the values.
    ///   - marks: timesteps drawn as vertical lines.
    /// - Returns: a standalone SVG document.
    public static func render(title: String, series: [Series], range: ClosedRange<Float>? = nil, marks: [Int] = []) -> String {
        let (w, h) = (760.0, 260.0)
        let (left, top, pw, ph) = (56.0, 34.0, 560.0, 180.0)
        let t = series.map(\.values.count).max() ?? 0
        let finite = series.flatMap(\.values).filter(\.isFinite)
        var lo = range?.lowerBound ?? (finite.min() ?? 0), hi = range?.upperBound ?? (finite.max() ?? 1)
        if hi - lo < 1e-6 { (lo, hi) = (lo - 0.5, hi + 0.5) }
        func x(_ s: Int) -> Double { left + pw * (t > 1 ? Double(s) / Double(t - 1) : 0.5) }
        func y(_ v: Float) -> Double { top + ph * (1 - Double((min(max(v, lo), hi) - lo) / (hi - lo))) }
        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(w))" height="\(Int(h))" viewBox="0 0 \(Int(w)) \(Int(h))" font-family="sans-serif" font-size="11">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(left)" y="18" font-size="13">\(LossCurveSVG.escape(title))</text>
        <rect x="\(left)" y="\(top)" width="\(pw)" height="\(ph)" fill="none" stroke="#888"/>

        """
        for m in marks where m >= 0 && m < t {
            svg += "<line x1=\"\(f(x(m)))\" y1=\"\(top)\" x2=\"\(f(x(m)))\" y2=\"\(top + ph)\" stroke=\"#d62728\" stroke-dasharray=\"4,3\"/>\n"
        }
        for k in 0...4 {
            let v = lo + (hi - lo) * Float(k) / 4
            svg += "<text x=\"\(left - 5)\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\">\(String(format: "%.3g", Double(v)))</text>\n"
        }
        for step in LossCurveSVG.stepTicks(upTo: max(t - 1, 0)) {
            svg += "<text x=\"\(f(x(step)))\" y=\"\(top + ph + 14)\" text-anchor=\"middle\">\(step)</text>\n"
        }
        svg += "<text x=\"\(left + pw / 2)\" y=\"\(top + ph + 30)\" text-anchor=\"middle\">timestep</text>\n"
        for (k, s) in series.enumerated() {
            let color = palette[k % palette.count]
            let points = s.values.enumerated().filter { $0.element.isFinite }
                .map { "\(f(x($0.offset))),\(f(y($0.element)))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(points)\"/>\n"
            svg += "<line x1=\"\(left + pw + 12)\" y1=\"\(top + 8 + 15 * Double(k))\" x2=\"\(left + pw + 28)\" y2=\"\(top + 8 + 15 * Double(k))\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            svg += "<text x=\"\(left + pw + 32)\" y=\"\(top + 12 + 15 * Double(k))\">\(LossCurveSVG.escape(s.label))</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// Tableau 10.
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }
}
