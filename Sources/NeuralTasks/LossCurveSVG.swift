import Foundation
import Neural

/// A small hand-written SVG chart of a training run: training and test loss (log scale) on
/// the left, the task's score on the right with its solved threshold.
public enum LossCurveSVG {
    /// - Parameters:
    ///   - title: heading.
    ///   - points: the curve.
    ///   - scoreName: label of the score axis.
    ///   - threshold: the solved level drawn as a dashed line, or nil.
    public static func render(title: String, points: [TaskTrainer.Point], scoreName: String, threshold: Float?) -> String {
        let (w, h) = (760.0, 300.0)
        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(w))" height="\(Int(h))" viewBox="0 0 \(Int(w)) \(Int(h))" font-family="sans-serif" font-size="11">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(w / 2)" y="18" text-anchor="middle" font-size="14">\(escape(title))</text>

        """
        guard let last = points.last else { return svg + "</svg>\n" }
        let maxStep = Double(max(last.step, 1))
        // Left panel: losses on a log scale.
        let losses = points.flatMap { [Double($0.trainLoss), Double($0.testLoss)] }.filter { $0 > 0 && $0.isFinite }
        let lo = floor(log10(max(losses.min() ?? 1e-4, 1e-6))), hi = ceil(log10(max(losses.max() ?? 1, 1e-6)))
        let left = Panel(x: 60, y: 40, w: 300, h: 210)
        svg += left.frame(xLabel: "step", yLabel: "loss (log)")
        for e in stride(from: lo, through: max(hi, lo + 1), by: 1) {
            let y = left.y + left.h * (1 - (e - lo) / max(hi - lo, 1))
            svg += "<text x=\"\(left.x - 5)\" y=\"\(y + 4)\" text-anchor=\"end\">1e\(Int(e))</text>\n"
        }
        func logY(_ v: Float) -> Double {
            let l = log10(max(Double(v), pow(10, lo)))
            return left.y + left.h * (1 - (l - lo) / max(hi - lo, 1))
        }
        svg += left.polyline(points.map { (Double($0.step) / maxStep, logY($0.trainLoss)) }, color: "#1f77b4")
        svg += left.polyline(points.map { (Double($0.step) / maxStep, logY($0.testLoss)) }, color: "#ff7f0e")
        svg += "<text x=\"\(left.x + 10)\" y=\"\(left.y + 14)\" fill=\"#1f77b4\">train loss</text>\n"
        svg += "<text x=\"\(left.x + 10)\" y=\"\(left.y + 28)\" fill=\"#ff7f0e\">test loss</text>\n"
        // Right panel: the score, linear, from 0 to its max (at least the threshold).
        let right = Panel(x: 430, y: 40, w: 300, h: 210)
        svg += right.frame(xLabel: "step", yLabel: scoreName)
        let top = max(Double(points.map(\.testScore).max() ?? 1), threshold.map { $0 >= 0.5 ? 1 : Double($0) * 1.2 } ?? 0, 1e-3)
        for k in 0...4 {
            let v = top * Double(k) / 4
            let y = right.y + right.h * (1 - Double(k) / 4)
            svg += "<text x=\"\(right.x - 5)\" y=\"\(y + 4)\" text-anchor=\"end\">\(String(format: "%.3g", v))</text>\n"
        }
        func linY(_ v: Float) -> Double { right.y + right.h * (1 - Double(v) / top) }
        svg += right.polyline(points.map { (Double($0.step) / maxStep, linY($0.testScore)) }, color: "#2ca02c")
        if let threshold {
            let y = linY(threshold)
            svg += "<line x1=\"\(right.x)\" y1=\"\(y)\" x2=\"\(right.x + right.w)\" y2=\"\(y)\" stroke=\"#d62728\" stroke-dasharray=\"5,4\"/>\n"
            svg += "<text x=\"\(right.x + right.w - 4)\" y=\"\(y - 4)\" text-anchor=\"end\" fill=\"#d62728\">solved</text>\n"
        }
        // Step ticks at round values with faint grid lines; the last step closes the axis.
        let ticks = stepTicks(upTo: last.step)
        for panel in [left, right] {
            for step in ticks {
                let x = panel.x + panel.w * Double(step) / maxStep
                if step > 0 {
                    svg += "<line x1=\"\(x)\" y1=\"\(panel.y)\" x2=\"\(x)\" y2=\"\(panel.y + panel.h)\" stroke=\"#ddd\"/>\n"
                }
                // Leave room for the last step's label at the right end.
                if panel.w * Double(last.step - step) / maxStep > 28 || step == 0 {
                    svg += "<text x=\"\(x)\" y=\"\(panel.y + panel.h + 14)\" text-anchor=\"middle\">\(stepLabel(step))</text>\n"
                }
            }
            svg += "<text x=\"\(panel.x + panel.w)\" y=\"\(panel.y + panel.h + 14)\" text-anchor=\"middle\">\(stepLabel(last.step))</text>\n"
            // With few points the evaluations are marked, so a two-point curve reads as two measurements.
            if points.count <= 30 {
                let ys: [Double] = panel.x == left.x ? points.map { logY($0.testLoss) } : points.map { linY($0.testScore) }
                let color = panel.x == left.x ? "#ff7f0e" : "#2ca02c"
                for (p, y) in zip(points, ys) {
                    svg += "<circle cx=\"\(String(format: "%.1f", panel.x + panel.w * Double(p.step) / maxStep))\" cy=\"\(String(format: "%.1f", y))\" r=\"2.5\" fill=\"\(color)\"/>\n"
                }
            }
        }
        svg += "<text x=\"\(w - 8)\" y=\"\(h - 6)\" text-anchor=\"end\" fill=\"#666\">\(String(format: "%.1f", last.seconds)) s for \(last.step) steps</text>\n"
        return svg + "</svg>\n"
    }

    /// Round step values from 0 to `last` (steps of 1, 2 or 5 × 10^k; at most six ticks).
    static func stepTicks(upTo last: Int) -> [Int] {
        guard last > 0 else { return [0] }
        var unit = 1
        while true {
            for m in [1, 2, 5] where last / (unit * m) <= 5 {
                return Array(stride(from: 0, through: last, by: unit * m))
            }
            unit *= 10
        }
    }

    /// 20000 → "20k", 48300 → "48.3k", 150 → "150".
    static func stepLabel(_ step: Int) -> String {
        guard step >= 10_000 else { return "\(step)" }
        let k = Double(step) / 1000
        return k == k.rounded() ? "\(Int(k))k" : String(format: "%.1fk", k)
    }

    struct Panel {
        let x: Double, y: Double, w: Double, h: Double
        func frame(xLabel: String, yLabel: String) -> String {
            """
            <rect x="\(x)" y="\(y)" width="\(w)" height="\(h)" fill="none" stroke="#888"/>
            <text x="\(x + w / 2)" y="\(y + h + 28)" text-anchor="middle">\(escape(xLabel))</text>
            <text x="\(x - 45)" y="\(y + h / 2)" text-anchor="middle" transform="rotate(-90 \(x - 45) \(y + h / 2))">\(escape(yLabel))</text>

            """
        }
        /// xs in [0, 1] of the panel width, ys already in pixels.
        func polyline(_ pts: [(Double, Double)], color: String) -> String {
            let p = pts.map { "\(String(format: "%.1f", x + w * $0.0)),\(String(format: "%.1f", $0.1))" }.joined(separator: " ")
            return "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(p)\"/>\n"
        }
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
