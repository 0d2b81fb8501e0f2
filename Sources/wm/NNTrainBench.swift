import ArgumentParser
import Foundation
import Neural
import NeuralTasks

/// `wm nn train-bench`: training speed against PyTorch, measured side by side in one run.
struct NNTrainBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-bench",
        abstract: "Benchmark training against PyTorch in the same run (seed-model step rate, time to solve tasks).",
        discussion: """
        step:  the seed model (LSTM 128 → LSTM 64 → TimeDistributed Dense 10) on x (64, 50, 100),
               Adam, MSE; steps per second here and in PyTorch (scripts/bench/bench_training.py step).
        task-step: one training step of each task model (--tasks; LSTM 128 + Dense, Adam lr 3e-3,
               clip 1.0, batch 64) on 8 pre-generated batches, data generation excluded; ms per
               step here and in PyTorch (scripts/bench/bench_training.py taskstep) and their ratio;
               --repeats R (also for step) alternates the sides R times and keeps the fastest of each.
        tasks: time to solve each working-memory task (adding, nback2, nback3, recall, copy) with
               LSTM 128 (copy: 256), Adam lr 3e-3, clip 1.0, batch 64, here and in PyTorch
               (scripts/bench/bench_training.py task): both start from the same initial weights (written
               here, loaded there) and train on the same batches (scripts/fixtures/task_streams.py is a
               bit-exact port of the generators), tested on the same 512 samples every 100 steps.
               Prints steps, seconds, ms/step for each side, the time ratio and our peak RSS.
               --seeds S1,S2,… runs each task once per seed (initial weights, training batches and
               test set all follow the seed, on both sides) and adds a median row per task: the
               step at which a run first tests as solved is a draw from float rounding, so one
               seed can favour either side.
        The PyTorch side needs a Python with torch (--python; skipped when it is missing).
        Build with -c release. Examples:
          swift run -c release wm nn train-bench step
          swift run -c release wm nn train-bench task-step --tasks adding,recall,copy,nback2 --steps 50 --repeats 3
          swift run -c release wm nn train-bench tasks --tasks adding,nback2,nback3
        """
    )

    @Argument(help: "step, task-step or tasks.") var what: String
    @Option(help: "Timed steps for `step` and `task-step`.") var steps: Int = 20
    @Option(help: "`step`, `task-step`: alternating runs per side; the fastest of each is kept.") var repeats: Int = 1
    @Option(help: "Comma-separated tasks for `tasks`: copy, adding, nback2, nback3, recall.") var tasks: String = "adding,nback2,nback3,recall,copy"
    @Option(name: .customLong("max-steps"), help: "Step budget per task (default: adding 20,000, nback 5,000, copy 100,000, recall 400,000).") var maxSteps: Int?
    @Option(help: "LSTM units for `tasks` (default: 128; 256 for copy) and `task-step` (default: 128).") var hidden: Int?
    @Option(help: "Adam learning rate for `tasks`.") var lr: Double = 3e-3
    @Option(help: "Batch size for `tasks`.") var batch: Int = 64
    @Option(help: "Comma-separated seeds for `tasks` (weights, batches and test set of both sides).") var seeds: String = "1"
    @Option(name: .customLong("torch-threads"), help: "PyTorch's threads (torch.set_num_threads).") var torchThreads: Int = 2
    @Option(help: "Python with torch for the PyTorch side.") var python: String = EnvironmentDefaults.python
    @Option(help: "The PyTorch script.") var script: String = "scripts/bench/bench_training.py"

    func validate() throws {
        guard ["step", "task-step", "tasks"].contains(what) else {
            throw ValidationError("what must be step, task-step or tasks, got '\(what)'")
        }
        guard steps > 0 else { throw ValidationError("--steps must be at least 1, got \(steps)") }
        guard repeats > 0 else { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
        guard torchThreads > 0 else { throw ValidationError("--torch-threads must be at least 1, got \(torchThreads)") }
        if let maxSteps, maxSteps <= 0 { throw ValidationError("--max-steps must be at least 1, got \(maxSteps)") }
        if let hidden, !(1...NNTrain.maxHidden).contains(hidden) {
            throw ValidationError("--hidden must be within 1...\(NNTrain.maxHidden) units, got \(hidden)")
        }
        guard (1...NNTrain.maxBatch).contains(batch) else { throw ValidationError("--batch must be within 1...\(NNTrain.maxBatch), got \(batch)") }
        guard lr > 0, lr.isFinite else { throw ValidationError("--lr must be a positive finite number, got \(lr)") }
        guard let s = seedList, !s.isEmpty else {
            throw ValidationError("--seeds must be comma-separated non-negative integers, got '\(seeds)'")
        }
        for name in taskNames where Self.budgets[name] == nil {
            throw ValidationError("--tasks: unknown task '\(name)': use adding, nback2, nback3, recall, copy")
        }
    }

    /// The seeds of `--seeds`, nil when one is not a non-negative integer.
    var seedList: [UInt64]? {
        let parts = seeds.split(separator: ",", omittingEmptySubsequences: false).map { UInt64($0.trimmingCharacters(in: .whitespaces)) }
        return parts.contains(nil) ? nil : parts.map { $0! }
    }

    var taskNames: [String] { tasks.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }

    /// A benchmark task name as a generator name and n: "nback3" → ("nback", 3), "copy" → ("copy", 2).
    static func generator(of name: String) -> (base: String, n: Int) {
        name.hasPrefix("nback") ? ("nback", Int(name.dropFirst(5)) ?? 2) : (name, 2)
    }

    func run() throws {
        switch what {
        case "step": try benchStep()
        case "task-step": try benchTaskSteps()
        default: try benchTasks()
        }
    }

    /// Runs the PyTorch script and decodes its one JSON line. Nil when Python or the script is
    /// missing (the side is skipped) or when the run fails: the failure goes to `failures`, and
    /// `throwIfPeerFailed` turns it into an error once our side has been printed.
    func torch(_ arguments: [String], failures: inout [String]) -> [String: Any]? {
        guard FileManager.default.isExecutableFile(atPath: python), FileManager.default.fileExists(atPath: script) else {
            print("(PyTorch side skipped: \(python) or \(script) not found)")
            return nil
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [script] + arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        do { try p.run() } catch {
            print("(PyTorch side failed to start: \(error))")
            failures.append("PyTorch side failed to start (\(python) \(script)): \(error)")
            return nil
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0,
              let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
              let json = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else {
            print("(PyTorch side failed with status \(p.terminationStatus))")
            failures.append("PyTorch side failed (\(python) \(script) \(arguments.first ?? ""): exit status \(p.terminationStatus))")
            return nil
        }
        return json
    }

    /// An error naming the first failed PyTorch run, if any (the rows printed lack that side).
    func throwIfPeerFailed(_ failures: [String]) throws {
        guard let first = failures.first else { return }
        throw CLIError("\(first); \(failures.count) PyTorch run(s) failed, the rows above lack that side")
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
        // With --repeats R the sides alternate R times and the best rate of each is kept.
        var ours = 0.0, theirs: Double? = nil, failures: [String] = []
        for _ in 0..<repeats {
            let start = ContinuousClock.now
            for _ in 0..<steps { try model.trainOnBatch(x, y) }
            ours = max(ours, Double(steps) / seconds(since: start))
            if let t = torch(["step", "--steps", "\(steps)", "--threads", "\(torchThreads)"], failures: &failures),
               let rate = t["steps_per_s"] as? Double {
                theirs = max(theirs ?? 0, rate)
            }
        }
        // 3 GEMM-sized passes (forward, dX, dW) of 2·F·G·H flops per row and layer.
        let flops = 3.0 * 2 * 64 * 50 * Double(4 * 128 * (100 + 128) + 4 * 64 * (128 + 64) + 64 * 10)
        print("seed model training step, batch 64 × 50 timesteps, Adam, MSE\(repeats > 1 ? " (best of \(repeats) alternating runs)" : ""):")
        print("  Swift:   \(String(format: "%.1f", ours)) steps/s (\(String(format: "%.0f", ours * flops / 1e9)) GFLOP/s)")
        if let theirs {
            print("  PyTorch: \(String(format: "%.1f", theirs)) steps/s")
            print("  ratio:   \(String(format: "%.2f", ours / theirs))× PyTorch's steps per second")
        }
        try throwIfPeerFailed(failures)
    }

    /// Default step budget per task: a few times the steps each took here to solve.
    static let budgets = ["adding": 20_000, "nback2": 5_000, "nback3": 5_000, "recall": 400_000, "copy": 100_000]

    func benchTasks() throws {
        let names = taskNames
        var failures: [String] = []
        print("time to solve: same initial weights, same batches, Adam lr \(lr), clip 1.0, batch \(batch),")
        // The load decides whether the ratio means anything: PyTorch's 2 threads collapse on a busy machine.
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ")
        print("load average at start: \(load ?? "?")")
        print("PyTorch with \(torchThreads) thread(s); test set of 512 every 100 steps; ms/step = wall time / steps (data, step and tests included)")
        let seedList = self.seedList ?? [1]
        print("task | seed | hidden | Swift steps | Swift s | PyTorch steps | PyTorch s | time ratio | Swift ms/step | PyTorch ms/step | last test score Swift / PyTorch | Swift peak RSS")
        print("---|---|---|---|---|---|---|---|---|---|---|---")
        for name in names {
            let (base, n) = Self.generator(of: name)
            var options = TaskTrainer.Options()
            options.maxSteps = maxSteps ?? Self.budgets[name]!
            // Copy: LSTM 128 stalled at 25% bit error after 30,000 steps; 256 solves it (docs/training.md).
            options.hidden = hidden ?? (base == "copy" ? 256 : 128)
            options.learningRate = Float(lr)
            options.batchSize = batch
            var ours: [TaskRun] = [], theirs: [TaskRun] = []
            for seed in seedList {
                options.seed = seed
                var trainer = try TaskTrainer(task: try memoryTask(named: base, n: n), options: options)
                // Both sides start from these weights (PyTorch names; the script loads them).
                let initPath = FileManager.default.temporaryDirectory.appendingPathComponent("wm-train-bench-\(getpid())-\(name)-\(seed).safetensors").path
                defer { try? FileManager.default.removeItem(atPath: initPath) }
                let checkpoint = try trainer.model.checkpoint()
                try Safetensors(tensors: checkpoint.tensors.filter { !$0.key.hasPrefix("optimizer.") }).write(to: initPath)
                resetPeakResidentMemory()
                let solved = try trainer.run()
                let peak = peakResidentMiB()
                let our = TaskRun(solvedStep: solved, steps: trainer.curve.last?.step ?? 0,
                                  seconds: trainer.curve.last?.seconds ?? 0, score: trainer.curve.last.map { Double($0.testScore) })
                ours.append(our)
                var theirRun: TaskRun? = nil
                if let t = torch(["task", "--task", base, "--n", "\(n)", "--max-steps", "\(options.maxSteps)",
                                  "--hidden", "\(options.hidden)", "--lr", "\(lr)", "--batch", "\(batch)", "--init", initPath,
                                  "--seed", "\(seed)", "--threads", "\(torchThreads)"], failures: &failures),
                   let seconds = t["seconds"] as? Double, let steps = t["steps"] as? Int {
                    theirRun = TaskRun(solvedStep: t["solved_step"] as? Int, steps: steps, seconds: seconds, score: t["score"] as? Double)
                    theirs.append(theirRun!)
                }
                print("\(name) | \(seed) | \(options.hidden) | " + Self.columns(our, theirRun) + " | \(peak.map { "\($0) MiB" } ?? "?")")
                fflush(nil)
            }
            if seedList.count > 1 {
                let median = TaskRun.median(ours)
                let theirMedian = theirs.count == seedList.count ? TaskRun.median(theirs) : nil
                // An even count has no middle run: the lower one (the faster of the two) on each side.
                let label = seedList.count % 2 == 1 ? "median of \(seedList.count)" : "lower median of \(seedList.count)"
                print("\(name) | \(label) | \(options.hidden) | " + Self.columns(median, theirMedian) + " | -")
                fflush(nil)
            }
        }
        try throwIfPeerFailed(failures)
    }
}

/// One side's run of a task: the step it first tested as solved (nil: not within its budget),
/// the steps it ran, its wall time and its last test score.
struct TaskRun {
    var solvedStep: Int?
    var steps: Int
    var seconds: Double
    var score: Double?

    /// Time to solve, +∞ for a run that did not solve (it would have needed more than it had).
    var timeToSolve: Double { solvedStep == nil ? .infinity : seconds }

    /// The run of median time to solve (the lower middle of an even count); an unsolved run
    /// counts as slower than any solved one.
    static func median(_ runs: [TaskRun]) -> TaskRun {
        let sorted = runs.sorted { $0.timeToSolve < $1.timeToSolve }
        return sorted[(sorted.count - 1) / 2]
    }
}

extension NNTrainBench {
    /// The columns from "Swift steps" to "last test score" of a `tasks` row.
    static func columns(_ our: TaskRun, _ their: TaskRun?) -> String {
        func score(_ v: Double?) -> String { v.map { String(format: "%.4f", $0) } ?? "?" }
        func steps(_ run: TaskRun) -> String { run.solvedStep.map(String.init) ?? "unsolved (\(run.steps))" }
        func ms(_ run: TaskRun) -> String { String(format: "%.2f", 1000 * run.seconds / Double(max(run.steps, 1))) }
        var row = "\(steps(our)) | \(String(format: "%.1f", our.seconds))"
        guard let their else { return row + " | - | - | - | \(ms(our)) | - | \(score(our.score)) / -" }
        // A ratio only means "time to solve" when both solved; otherwise it is the time run.
        let ratio = String(format: "%.2f", our.seconds / their.seconds) + (our.solvedStep == nil || their.solvedStep == nil ? " (not both solved)" : "")
        row += " | \(steps(their)) | \(String(format: "%.1f", their.seconds)) | \(ratio) | \(ms(our)) | \(ms(their))"
        return row + " | \(score(our.score)) / \(score(their.score))"
    }
}

/// Resets the kernel's peak-RSS mark of this process (Linux: "5" to /proc/self/clear_refs), so
/// each task reports its own peak.
func resetPeakResidentMemory() {
    try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
}

/// This process's peak resident memory in MiB since the last reset (VmHWM), nil off Linux.
func peakResidentMiB() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kib = Int(line.split(separator: " ").dropFirst().first ?? "")
    else { return nil }
    return kib / 1024
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
