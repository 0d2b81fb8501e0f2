import ArgumentParser
import Foundation
import Neural

/// `wm nn train-bench`: training speed against PyTorch, measured side by side in one run.
struct NNTrainBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-bench",
        abstract: "Benchmark training against PyTorch in the same run (seed-model step rate, time to solve tasks).",
        discussion: """
        step:  the seed model (LSTM 128 → LSTM 64 → TimeDistributed Dense 10) on x (64, 50, 100),
               Adam, MSE; steps per second here and in PyTorch (scripts/bench_training.py step).
        task-step: one training step of each task model (--tasks; LSTM 128 + Dense, Adam lr 3e-3,
               clip 1.0, batch 64) on 8 pre-generated batches, data generation excluded; ms per
               step here and in PyTorch (scripts/bench_training.py taskstep) and their ratio.
        tasks: time to solve each working-memory task with LSTM 128, Adam lr 3e-3, clip 1.0, batch 64,
               here and in PyTorch (scripts/bench_training.py task), evaluated every 100 steps.
        The PyTorch side needs a Python with torch (--python; skipped when it is missing).
        Build with -c release. Examples:
          swift run -c release wm nn train-bench step
          swift run -c release wm nn train-bench task-step --tasks adding,recall,copy,nback2 --steps 50
          swift run -c release wm nn train-bench tasks --tasks adding,nback2,nback3
        """
    )

    @Argument(help: "step, task-step or tasks.") var what: String
    @Option(help: "Timed steps for `step`.") var steps: Int = 20
    @Option(help: "Comma-separated tasks for `tasks`: copy, adding, nback2, nback3, recall.") var tasks: String = "adding,nback2,nback3"
    @Option(name: .customLong("max-steps"), help: "Step budget per task.") var maxSteps: Int = 20_000
    @Option(help: "Python with torch for the PyTorch side.") var python: String = "/root/venv-ref/bin/python"
    @Option(help: "The PyTorch script.") var script: String = "scripts/bench_training.py"

    func validate() throws {
        guard ["step", "task-step", "tasks"].contains(what) else {
            throw ValidationError("what must be step, task-step or tasks, got '\(what)'")
        }
        guard steps > 0, maxSteps > 0 else { throw ValidationError("--steps and --max-steps must be positive") }
    }

    func run() throws {
        switch what {
        case "step": try benchStep()
        case "task-step": try benchTaskSteps()
        default: try benchTasks()
        }
    }

    /// Runs the PyTorch script and decodes its one JSON line; nil when Python or torch is missing.
    func torch(_ arguments: [String]) -> [String: Any]? {
        guard FileManager.default.isExecutableFile(atPath: python), FileManager.default.fileExists(atPath: script) else {
            print("(PyTorch side skipped: \(python) or \(script) not found)")
            return nil
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [script] + arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        do { try p.run() } catch { print("(PyTorch side failed to start: \(error))"); return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0,
              let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
              let json = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else { print("(PyTorch side failed with status \(p.terminationStatus))"); return nil }
        return json
    }

    func benchStep() throws {
        let model = try TrainingModel([
            .lstm(128, returnSequences: true, inputSize: 100),
            .lstm(64, returnSequences: true),
            .timeDistributed(.dense(10)),
        ], initialization: .pytorch, seed: 1)
        model.compile(optimizer: .adam(), loss: .mse)
        var rng = SeededGenerator(seed: 2)
        var x = Tensor.zeros([50, 64, 100]), y = Tensor.zeros([50, 64, 10])
        for i in 0..<x.count { x.scalars[i] = rng.normal() }
        for i in 0..<y.count { y.scalars[i] = rng.normal() }
        for _ in 0..<3 { try model.trainOnBatch(x, y) }
        let start = ContinuousClock.now
        for _ in 0..<steps { try model.trainOnBatch(x, y) }
        let ours = Double(steps) / seconds(since: start)
        // 3 GEMM-sized passes (forward, dX, dW) of 2·F·G·H flops per row and layer.
        let flops = 3.0 * 2 * 64 * 50 * Double(4 * 128 * (100 + 128) + 4 * 64 * (128 + 64) + 64 * 10)
        print("seed model training step, batch 64 × 50 timesteps, Adam, MSE:")
        print("  Swift:   \(String(format: "%.1f", ours)) steps/s (\(String(format: "%.0f", ours * flops / 1e9)) GFLOP/s)")
        if let t = torch(["step", "--steps", "\(steps)"]), let theirs = t["steps_per_s"] as? Double {
            print("  PyTorch: \(String(format: "%.1f", theirs)) steps/s")
            print("  ratio:   \(String(format: "%.2f", ours / theirs))× PyTorch's steps per second")
        }
    }

    func benchTasks() throws {
        print("time to solve, LSTM 128, Adam lr 3e-3, clip 1.0, batch 64, test every 100 steps:")
        print("task      | Swift steps | Swift s | PyTorch steps | PyTorch s | time ratio (Swift/PyTorch)")
        for name in tasks.split(separator: ",").map(String.init) {
            let (base, n) = name.hasPrefix("nback") ? ("nback", Int(name.dropFirst(5)) ?? 2) : (name, 2)
            var options = TaskTrainer.Options()
            options.maxSteps = maxSteps
            var trainer = try TaskTrainer(task: try memoryTask(named: base, n: n), options: options)
            let solved = try trainer.run()
            let ours = trainer.curve.last?.seconds ?? 0
            var row = "\(name.padding(toLength: 9, withPad: " ", startingAt: 0)) | \(solved.map(String.init) ?? "unsolved") | \(String(format: "%.1f", ours))"
            if let t = torch(["task", "--task", base, "--n", "\(n)", "--max-steps", "\(maxSteps)"]),
               let theirs = t["seconds"] as? Double {
                let theirSteps = (t["solved_step"] as? Int).map(String.init) ?? "unsolved"
                row += " | \(theirSteps) | \(String(format: "%.1f", theirs)) | \(String(format: "%.2f", ours / theirs))"
            }
            print(row)
            fflush(nil)
        }
    }
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
