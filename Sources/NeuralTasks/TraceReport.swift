import Foundation
import Neural

/// The pictures of a traced run (`wm nn trace`): for every recorded signal a heatmap (units ×
/// timesteps) and a line plot of its most active units, a plot of the input, and one
/// self-contained HTML page showing them all (inline SVG and CSS, no scripts, nothing fetched).
public struct TraceReport: Sendable {
    /// One file of the report.
    public struct File: Sendable {
        /// File name, without folders.
        public var name: String
        /// Its contents (SVG or HTML).
        public var contents: String
    }

    /// The files: `input.svg`, `<layer>-<key>.svg`, `<layer>-<key>-lines.svg` and `index.html`.
    public private(set) var files: [File] = []

    /// The timesteps marked in every plot.
    public let marks: [Int]

    /// Lines per signal plot: the units whose value varies most over the sequence.
    public static let unitsPerPlot = 6

    /// - Parameters:
    ///   - title: the page's heading (e.g. the checkpoint's name).
    ///   - input: the model's input x (N, T, F).
    ///   - traced: what `Sequential.traced(x)` returned.
    ///   - sample: the sample of the batch to show.
    ///   - markFeature: mark the timesteps where this input feature is non-zero (the adding
    ///     problem's marker channel, 1), or nil.
    /// - Throws: `NeuralError.invalidArgument` when the sample or the feature is out of range.
    public init(title: String, input: Tensor, traced: TracedOutput, sample: Int = 0, markFeature: Int? = nil) throws {
        guard input.rank == 3 else { throw NeuralError.invalidShape("input x must be [N, T, F], got \(input.shape)") }
        let (n, t, features) = (input.shape[0], input.shape[1], input.shape[2])
        guard (0..<n).contains(sample) else {
            throw NeuralError.invalidArgument("sample \(sample) is out of range: x holds \(n) samples (0..<\(n))")
        }
        if let m = markFeature, !(0..<features).contains(m) {
            throw NeuralError.invalidArgument("feature \(m) is out of range: x has \(features) features (0..<\(features))")
        }
        marks = markFeature.map { m in (0..<t).filter { input.scalars[(sample * t + $0) * features + m] != 0 } } ?? []
        var sections: [(heading: String, svgs: [String])] = []
        let inputSeries = (0..<min(features, 8)).map { k in
            TraceLinesSVG.Series(label: "feature \(k)", values: (0..<t).map { input.scalars[(sample * t + $0) * features + k] })
        }
        let inputSVG = TraceLinesSVG.render(
            title: "input x, sample \(sample)" + (features > 8 ? " (features 0–7 of \(features))" : ""),
            series: inputSeries, marks: marks)
        files.append(File(name: "input.svg", contents: inputSVG))
        sections.append(("Input", [inputSVG]))
        for layer in traced.layers {
            var svgs: [String] = []
            for signal in layer.signals {
                let base = Self.fileName(layer.name) + "-" + Self.fileName(signal.key)
                let heading = "\(layer.name) (\(layer.kind)): \(signal.name) \(signal.key)"
                let heatmap = TraceHeatmapSVG.render(title: heading + ", sample \(sample)", signal: signal, sample: sample, marks: marks)
                let lines = TraceLinesSVG.render(
                    title: heading + ": the \(min(Self.unitsPerPlot, signal.units)) most varying units",
                    series: Self.mostVarying(signal, sample: sample),
                    range: signal.range == .unit ? 0...1 : signal.range == .signed ? -1...1 : nil, marks: marks)
                files.append(File(name: base + ".svg", contents: heatmap))
                files.append(File(name: base + "-lines.svg", contents: lines))
                svgs += [heatmap, lines]
            }
            sections.append(("\(layer.name): \(layer.kind), \(layer.signals.first?.units ?? 0) units", svgs))
        }
        files.append(File(name: "index.html", contents: Self.page(title: title, shape: input.shape, sample: sample,
                                                                   marks: marks, sections: sections)))
    }

    /// The units of a signal whose values vary most over time in one sample (largest standard
    /// deviation), each as a line.
    static func mostVarying(_ signal: TraceSignal, sample: Int) -> [TraceLinesSVG.Series] {
        let (t, u) = (signal.steps, signal.units)
        let values = signal.sample(sample)
        func series(_ j: Int) -> [Float] { (0..<t).map { values[values.startIndex + $0 * u + j] } }
        func spread(_ v: [Float]) -> Float {
            let mean = v.reduce(0, +) / Float(max(v.count, 1))
            return v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        }
        let spreads: [Float] = (0..<u).map { spread(series($0)) }
        let ranked: [Int] = (0..<u).sorted { a, b in spreads[a] > spreads[b] || (spreads[a] == spreads[b] && a < b) }
        return ranked.prefix(unitsPerPlot).map { j in TraceLinesSVG.Series(label: "unit \(j)", values: series(j)) }
    }

    /// A layer or signal name as a file name: letters, digits and `-` only.
    static func fileName(_ s: String) -> String {
        String(s.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
    }

    static func page(title: String, shape: [Int], sample: Int, marks: [Int], sections: [(heading: String, svgs: [String])]) -> String {
        var html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>\(LossCurveSVG.escape(title))</title>
        <style>
        body { font-family: sans-serif; margin: 24px; color: #222; }
        section { margin-bottom: 32px; }
        svg { display: block; margin: 8px 0; max-width: 100%; height: auto; }
        .note { color: #555; }
        </style>
        </head>
        <body>
        <h1>\(LossCurveSVG.escape(title))</h1>
        <p class="note">input x \(shape), sample \(sample)\(marks.isEmpty ? "" : "; marked timesteps \(marks.map(String.init).joined(separator: ", ")) (red)").</p>

        """
        for section in sections {
            html += "<section>\n<h2>\(LossCurveSVG.escape(section.heading))</h2>\n"
            for svg in section.svgs { html += svg }
            html += "</section>\n"
        }
        return html + "</body>\n</html>\n"
    }
}
