import ArgumentParser
import Foundation
import Neural
import NeuralTasks

/// `wm nn trace`: runs a checkpoint on an input with tracing on and draws its gates and states.
struct NNTrace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Draw a recurrent model's gates and states over time (SVG heatmaps, line plots, one HTML page).",
        discussion: """
        Runs the model on tensor x [N, T, F] of --input with tracing on and writes, for every \
        recurrent layer and direction, each signal as a heatmap (units × timesteps) and a line \
        plot of its most varying units: LSTM input, forget and output gates, candidate, cell and \
        hidden state (i, f, o, g, c, h); GRU reset and update gates, candidate and state (r, z, n, h). \
        DIR/index.html shows them all in one self-contained page (inline SVG, nothing fetched). \
        --mark-feature K flags the timesteps where input feature K is non-zero in every plot.

        Example (the adding problem: the input gate opens at the two marked inputs):
          wm nn train --task adding --hidden 32 --out out
          wm nn trace --model out/adding.safetensors --input out/adding-input.safetensors \\
                      --mark-feature 1 --out out/trace
        """
    )

    @Option(help: "A checkpoint of `wm nn train` (or TrainingModel.saveCheckpoint).") var model: String
    @Option(help: "Safetensors file holding tensor x [N, T, F].") var input: String
    @Option(help: "Folder for the SVG files and index.html (created if missing).") var out: String
    @Option(help: "Which sample of the batch to draw (0-based).") var sample: Int = 0
    @Option(name: .customLong("mark-feature"), help: "Mark the timesteps where this input feature (0-based) is non-zero.")
    var markFeature: Int?

    func validate() throws {
        if sample < 0 { throw ValidationError("--sample must be 0 or more, got \(sample)") }
        if let markFeature, markFeature < 0 { throw ValidationError("--mark-feature must be 0 or more, got \(markFeature)") }
    }

    func run() throws {
        do {
            let sequential = try TrainingModel.loadCheckpoint(from: model).sequential()
            let x = try Safetensors(contentsOf: input).tensor("x")
            if let i = x.scalars.firstIndex(where: { !$0.isFinite }) {
                throw CLIError("input x holds \(x.scalars[i]) at flat index \(i); all values must be finite")
            }
            let traced = try sequential.traced(x)
            guard !traced.layers.isEmpty else { throw CLIError("the model has no recurrent layer to trace") }
            let title = "Trace of " + URL(fileURLWithPath: model).lastPathComponent
            let report = try TraceReport(title: title, input: x, traced: traced, sample: sample, markFeature: markFeature)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), !isDirectory.boolValue {
                throw CLIError("--out '\(out)' is a file; give a folder")
            }
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            for file in report.files {
                try OutputFile.write(Data(file.contents.utf8), to: (out as NSString).appendingPathComponent(file.name), flag: "--out")
            }
            for layer in traced.layers {
                print("\(layer.name): \(layer.kind), signals \(layer.signals.map(\.key).joined(separator: " "))")
            }
            if !report.marks.isEmpty { print("marked timesteps: \(report.marks.map(String.init).joined(separator: ", "))") }
            print("wrote \(report.files.count) files to \(out) (open \((out as NSString).appendingPathComponent("index.html")))")
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError(error)
        }
    }
}
