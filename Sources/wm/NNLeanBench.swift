import ArgumentParser
import Foundation
import Neural
import NeuralTasks

/// `wm nn bench-lean`: float32, int8 and pruned variants of trained task models side by side
/// in one run: weight bytes, streamed step latency and task score.
struct NNLeanBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-lean",
        abstract: "Compare float32, int8 and pruned task models: weight bytes, streaming step latency, task score.",
        discussion: """
            For each --model TASK=CHECKPOINT (a checkpoint of `wm nn train --task`; TASK is \
            adding, copy, recall or nback-N) it builds, in memory and in this one run: float32; \
            int8 (`wm nn quantize`, read back from its encoded bytes); magnitude-pruned to 50, \
            80 and 90% per layer, without and with --fine-tune-epochs of fine-tuning. Scores \
            come from the test set `wm nn train` uses (512 samples, seed + 7000000); int8 is \
            scored on the int8 kernel and on dequantised weights. Latency is a batch-1 stream, \
            one step per call, over a test sequence; the variants take turns in every repeat, \
            and the table gives the median per step and its ratio to float32.

            Example:
              wm nn bench-lean --model adding=out/adding.safetensors --model nback-2=out/nback-2.safetensors \\
                               --fine-tune-epochs 2 --out docs/lean
            """)

    @Option(name: .customLong("model"), help: "TASK=CHECKPOINT, repeatable (TASK: adding, copy, recall, nback-N).")
    var models: [String] = []
    @Option(name: .customLong("fine-tune-epochs"), help: "Fine-tuning epochs of the pruned variants (0: none).")
    var fineTuneEpochs = 2
    @Option(name: .customLong("fine-tune-samples"), help: "Samples per fine-tuning epoch.") var fineTuneSamples = 2048
    @Option(help: "Timed passes over the test sequence per variant.") var repeats = 15
    @Option(help: "Seed the model was trained with (its test set follows it).") var seed: UInt64 = 1
    @Option(help: "Folder for lean.csv and lean.svg.") var out: String?
    @Flag(help: "Also time the int8 products against the float GEMM per number of rows.") var kernels = false

    func validate() throws {
        guard !models.isEmpty || kernels else { throw ValidationError("give at least one --model TASK=CHECKPOINT (or --kernels)") }
        for m in models where m.split(separator: "=", maxSplits: 1).count != 2 {
            throw ValidationError("--model needs TASK=CHECKPOINT, got '\(m)'")
        }
        guard repeats > 0, fineTuneEpochs >= 0, fineTuneSamples > 0 else {
            throw ValidationError("--repeats and --fine-tune-samples must be positive, --fine-tune-epochs 0 or more")
        }
    }

    func run() throws {
        print("int8 kernel: \(Int8KernelPath.best.rawValue); float kernels: \(CKernelPath.best.rawValue)")
        print(uptimeLine())
        if kernels { KernelComparison.print() }
        var rows: [LeanRow] = []
        for entry in models {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            do {
                var bench = LeanBenchmark(task: try LeanBenchmark.task(parts[0]), label: parts[0])
                bench.fineTuneEpochs = fineTuneEpochs
                bench.fineTuneSamples = fineTuneSamples
                bench.repeats = repeats
                bench.seed = seed
                rows += try bench.run(try Safetensors(contentsOf: parts[1]))
            } catch {
                throw CLIError("\(parts[0]): \(error)")
            }
        }
        guard !rows.isEmpty else { return }
        print(LeanRow.markdown(rows))
        print(uptimeLine())
        if let out {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try LeanRow.csv(rows).write(toFile: (out as NSString).appendingPathComponent("lean.csv"), atomically: true, encoding: .utf8)
            try LeanReportSVG.render(rows).write(toFile: (out as NSString).appendingPathComponent("lean.svg"), atomically: true, encoding: .utf8)
            print("wrote \(out)/lean.csv, \(out)/lean.svg")
        }
    }

    func uptimeLine() -> String {
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ")
        return "load average: \(load ?? "unknown") (\(ISO8601DateFormatter().string(from: Date())))"
    }
}
