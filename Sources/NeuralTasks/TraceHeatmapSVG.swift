import Foundation
import Neural

/// An SVG heatmap of one traced signal of one sample: units down, timesteps across, with the
/// marked timesteps (e.g. the adding problem's two marked inputs) flagged above the map.
public enum TraceHeatmapSVG {
    /// - Parameters:
    ///   - title: heading.
    ///   - signal: the signal.
    ///   - sample: which sample of the batch.
    ///   - marks: timesteps to flag.
    /// - Returns: a standalone SVG document.
    public static func render(title: String, signal: TraceSignal, sample: Int = 0, marks: [Int] = []) -> String {
        let (t, u) = (signal.steps, signal.units)
        let values = signal.sample(sample)
        let scale = TraceColorScale(range: signal.range, values: values)
        let cw = min(max(640.0 / Double(max(t, 1)), 1), 12), ch = min(max(360.0 / Double(max(u, 1)), 1), 12)
        let (left, top) = (56.0, 44.0)
        let (mapW, mapH) = (cw * Double(t), ch * Double(u))
        let (w, h) = (left + mapW + 90, top + mapH + 44)
        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(w))" height="\(Int(h))" viewBox="0 0 \(Int(w)) \(Int(h))" font-family="sans-serif" font-size="11">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(left)" y="16" font-size="13">\(LossCurveSVG.escape(title))</text>

        """
        // One rect per cell, left to right in runs of equal colour per unit row; crisp edges, so
        // that cells of fractional width leave no anti-aliased seams between them.
        svg += "<g shape-rendering=\"crispEdges\">\n"
        for j in 0..<u {
            var s = 0
            while s < t {
                let color = scale.color(values[values.startIndex + s * u + j])
                var e = s + 1
                while e < t, scale.color(values[values.startIndex + e * u + j]) == color { e += 1 }
                svg += "<rect x=\(q(left + cw * Double(s))) y=\(q(top + ch * Double(j))) width=\(q(cw * Double(e - s))) height=\(q(ch)) fill=\"\(color)\"/>\n"
                s = e
            }
        }
        svg += "</g>\n<rect x=\(q(left)) y=\(q(top)) width=\(q(mapW)) height=\(q(mapH)) fill=\"none\" stroke=\"#888\"/>\n"
        for m in marks where m >= 0 && m < t {
            let x = left + cw * (Double(m) + 0.5)
            svg += "<path d=\"M\(f(x - 5)),\(f(top - 12)) L\(f(x + 5)),\(f(top - 12)) L\(f(x)),\(f(top - 3)) Z\" fill=\"#d62728\"/>\n"
            svg += "<line x1=\(q(x)) y1=\(q(top + mapH)) x2=\(q(x)) y2=\(q(top + mapH + 6)) stroke=\"#d62728\" stroke-width=\"2\"/>\n"
        }
        if !marks.isEmpty {
            svg += "<text x=\(q(left + mapW)) y=\"16\" text-anchor=\"end\" fill=\"#d62728\">▼ marked input</text>\n"
        }
        for step in LossCurveSVG.stepTicks(upTo: max(t - 1, 0)) {
            svg += "<text x=\(q(left + cw * (Double(step) + 0.5))) y=\(q(top + mapH + 18)) text-anchor=\"middle\">\(step)</text>\n"
        }
        svg += "<text x=\(q(left + mapW / 2)) y=\(q(top + mapH + 34)) text-anchor=\"middle\">timestep</text>\n"
        svg += "<text x=\(q(left - 8)) y=\(q(top + 10)) text-anchor=\"end\">0</text>\n"
        svg += "<text x=\(q(left - 8)) y=\(q(top + mapH)) text-anchor=\"end\">\(u - 1)</text>\n"
        svg += "<text x=\(q(left - 30)) y=\(q(top + mapH / 2)) text-anchor=\"middle\" transform=\"rotate(-90 \(f(left - 30)) \(f(top + mapH / 2)))\">unit</text>\n"
        // Colour legend on the right.
        let (lx, lh) = (left + mapW + 16, min(mapH, 160))
        for k in 0..<32 {
            let v = scale.low + (scale.high - scale.low) * Float(31 - k) / 31
            svg += "<rect x=\(q(lx)) y=\(q(top + lh * Double(k) / 32)) width=\"12\" height=\(q(lh / 32 + 0.5)) fill=\"\(scale.color(v))\"/>\n"
        }
        svg += "<text x=\(q(lx + 16)) y=\(q(top + 8)) >\(scale.label(1))</text>\n"
        svg += "<text x=\(q(lx + 16)) y=\(q(top + lh)) >\(scale.label(0))</text>\n"
        return svg + "</svg>\n"
    }

    /// A coordinate as a quoted attribute value.
    static func q(_ v: Double) -> String { "\"\(f(v))\"" }
    /// A coordinate with one decimal.
    static func f(_ v: Double) -> String { String(format: "%.1f", v) }
}
