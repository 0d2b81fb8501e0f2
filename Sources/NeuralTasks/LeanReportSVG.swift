import Foundation

/// The lean report as one SVG: per task a row of three bar charts (weight KiB, streamed step
/// µs, task score), one bar per variant.
public enum LeanReportSVG {
    public static func render(_ rows: [LeanRow]) -> String {
        let tasks = rows.map(\.task).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let variants = rows.map(\.variant).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let barHeight = 14.0, labelWidth = 190.0, chartWidth = 220.0, gap = 30.0
        let panelHeight = Double(variants.count) * barHeight + 50
        let width = labelWidth + 3 * (chartWidth + gap) + 20
        let height = Double(tasks.count) * panelHeight + 40
        var s = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" font-family="sans-serif" font-size="11">
            <rect width="100%" height="100%" fill="white"/>
            <text x="10" y="20" font-size="14">float32, int8 and pruned task models: weight KiB, streamed step µs (batch 1), task score</text>

            """
        let colors = ["#4c72b0", "#dd8452", "#e0a060", "#55a868", "#3d8a57", "#c44e52", "#a33d40", "#8172b3", "#64558f"]
        for (ti, task) in tasks.enumerated() {
            let top = 40 + Double(ti) * panelHeight
            let taskRows = rows.filter { $0.task == task }
            s += "<text x=\"10\" y=\"\(top + 12)\" font-weight=\"bold\">\(escape(task))</text>\n"
            let metrics: [(String, (LeanRow) -> Double)] = [
                ("weight KiB", { Double($0.weightBytes) / 1024 }),
                ("stream step µs", { $0.stepMicroseconds }),
                ("\(taskRows.first?.scoreName ?? "score")", { Double($0.score) }),
            ]
            for (mi, metric) in metrics.enumerated() {
                let left = labelWidth + Double(mi) * (chartWidth + gap)
                let maximum = max(taskRows.map(metric.1).max() ?? 1, 1e-9)
                s += "<text x=\"\(left)\" y=\"\(top + 28)\">\(escape(metric.0))</text>\n"
                for (vi, row) in taskRows.enumerated() {
                    let y = top + 34 + Double(vi) * barHeight
                    let value = metric.1(row)
                    let w = chartWidth * 0.8 * value / maximum
                    let color = colors[(variants.firstIndex(of: row.variant) ?? 0) % colors.count]
                    if mi == 0 {
                        s += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 10)\" text-anchor=\"end\">\(escape(row.variant))</text>\n"
                    }
                    s += "<rect x=\"\(left)\" y=\"\(y + 1)\" width=\"\(String(format: "%.1f", w))\" height=\"\(barHeight - 3)\" fill=\"\(color)\"/>\n"
                    s += "<text x=\"\(String(format: "%.1f", left + w + 3))\" y=\"\(y + 10)\">\(format(value))</text>\n"
                }
            }
        }
        return s + "</svg>\n"
    }

    static func format(_ v: Double) -> String {
        abs(v) >= 100 ? String(format: "%.0f", v) : abs(v) >= 1 ? String(format: "%.2f", v) : String(format: "%.4f", v)
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    }
}
