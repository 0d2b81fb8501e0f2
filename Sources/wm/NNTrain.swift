import ArgumentParser
import Foundation
import Neural
import NeuralTasks

/// `wm nn train`: trains an LSTM or GRU on a classic working-memory task and reports the score.
struct NNTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a recurrent network on a working-memory task (copy, adding, n-back, recall).",
        discussion: """
        Generates the task from a seed, trains with Adam and global-norm clipping on fresh batches,
        evaluates on a fixed test set every --eval-every steps, and stops once the task is solved
        (copy and recall: bit error < 1%; adding: MSE < 0.01; n-back: accuracy > 95%).
        Writes DIR/<task>.csv (the curve), DIR/<task>.svg (a plot), DIR/<task>.safetensors and
        DIR/<task>-input.safetensors (x [4, T, F]: four test samples, for `wm nn predict` and `wm nn trace`).
        Exit status: 0 when the task is solved, 2 when it is not solved within --steps (the last
        line says so; the curve and weights are written either way), 1 on errors, 64 on bad arguments.

        Examples:
          swift run -c release wm nn train --task adding --out out/adding
          swift run -c release wm nn train --task nback --n 3 --cell gru --steps 2000
        """
    )

    @Option(help: "copy, adding, nback or recall.") var task: String
    @Option(help: "lstm or gru.") var cell: String = "lstm"
    @Option(help: "Most training steps.") var steps: Int = 20_000
    @Option(help: "Hidden units.") var hidden: Int = 128
    @Option(name: .customLong("batch-size"), help: "Samples per step.") var batchSize: Int = 64
    @Option(help: "Adam learning rate.") var lr: Float = 3e-3
    @Option(help: "Clip gradients to this global norm (0: off).") var clip: Float = 1.0
    @Option(help: "n of n-back.") var n: Int = 2
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(name: .customLong("eval-every"), help: "Steps between test evaluations.") var evalEvery: Int = 100
    @Option(help: "Directory for the curve (CSV, SVG) and the weights.") var out: String?
    @Flag(name: .customLong("no-stop"), help: "Keep training after the task is solved.") var noStop = false
    @Option(help: "Continue from a checkpoint this command wrote (weights and optimizer state; the curve from the CSV beside it).")
    var resume: String?

    /// The largest --hidden and --batch-size: beyond them a model or a batch does not fit in memory (an LSTM of
    /// 8,192 units holds 4·8192² ≈ 268 M weights, 1 GiB, and Adam keeps two more of each).
    static let maxHidden = 8192, maxBatch = 65_536

    func validate() throws {
        guard ["copy", "adding", "nback", "recall"].contains(task) else {
            throw ValidationError("--task must be copy, adding, nback or recall, got '\(task)'")
        }
        guard ["lstm", "gru"].contains(cell) else { throw ValidationError("--cell must be lstm or gru, got '\(cell)'") }
        guard steps > 0 else { throw ValidationError("--steps must be at least 1, got \(steps)") }
        guard (1...Self.maxHidden).contains(hidden) else { throw ValidationError("--hidden must be within 1...\(Self.maxHidden) units, got \(hidden)") }
        guard (1...Self.maxBatch).contains(batchSize) else { throw ValidationError("--batch-size must be within 1...\(Self.maxBatch), got \(batchSize)") }
        guard evalEvery > 0 else { throw ValidationError("--eval-every must be at least 1 step, got \(evalEvery)") }
        guard lr > 0, lr.isFinite else { throw ValidationError("--lr must be a positive finite number, got \(lr)") }
        guard clip >= 0, clip.isFinite else { throw ValidationError("--clip must be 0 (off) or a positive finite norm, got \(clip)") }
        let longest = NBackTask().steps - 1
        guard (1...longest).contains(n) else {
            throw ValidationError("--n must be within 1...\(longest) (an n-back sequence has \(longest + 1) steps), got \(n)")
        }
    }

    func run() throws {
        let memoryTask: MemoryTask
        do { memoryTask = try NeuralTasks.memoryTask(named: task, n: n) } catch { throw ValidationError("\(error)") }
        var options = TaskTrainer.Options()
        options.cell = cell == "gru" ? .gru(.pytorch) : .lstm
        options.hidden = hidden
        options.maxSteps = steps
        options.batchSize = batchSize
        options.learningRate = lr
        options.clipNorm = clip
        options.seed = seed
        options.evaluateEvery = evalEvery
        options.stopWhenSolved = !noStop
        var trainer = try TaskTrainer(task: memoryTask, options: options)
        let label = memoryTask.name + (task == "nback" ? "-\(n)" : "")
        if let resume {
            let model = try TaskCheckpoint.load(from: resume, task: label, fitting: trainer.model)
            let csvPath = (resume as NSString).deletingPathExtension + ".csv"
            let csv = (try? String(contentsOfFile: csvPath, encoding: .utf8)) ?? ""
            trainer = TaskTrainer(task: memoryTask, options: options, resuming: model, curve: TaskTrainer.points(csv: csv))
            print("resuming from \(resume) at step \(trainer.curve.last?.step ?? 0) (optimizer step \(model.optimizer.step))")
        }
        print("task \(label): \(cell.uppercased()) \(hidden), \(trainer.model.parameterCount) parameters, "
            + "Adam lr \(lr), clip \(clip), batch \(batchSize); solved when \(memoryTask.solvedDescription)")
        var bar = ProgressBar(total: steps, prefix: label)
        bar.plainEvery = 0.05
        var lastScore: Float = .nan
        var points: [TaskTrainer.Point] = trainer.curve
        let base = out.map { (($0 as NSString).appendingPathComponent(label)) }
        let threshold: Float = task == "nback" ? 0.95 : 0.01
        if let out { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) }
        let solvedAt = try trainer.run { step, loss, point in
            if let point {
                lastScore = point.testScore
                points.append(point)
                // The curve so far, every 20 points: an interrupted long run still leaves its curve.
                if let base, points.count % 20 == 0 {
                    try? TaskTrainer.csv(points).write(toFile: base + ".csv", atomically: true, encoding: .utf8)
                    try? LossCurveSVG.render(title: "\(label), \(cell.uppercased()) \(hidden): running, step \(point.step)", points: points,
                                             scoreName: "test " + memoryTask.scoreName, threshold: threshold)
                        .write(toFile: base + ".svg", atomically: true, encoding: .utf8)
                }
                if !bar.interactive {
                    print("step \(point.step): train loss \(formatted(point.trainLoss)), test loss \(formatted(point.testLoss)), "
                        + "test \(memoryTask.scoreName) \(formatted(point.testScore)), \(formatted(Float(point.seconds))) s")
                    fflush(nil)  // logs redirected to a file show each point as it comes
                }
            }
            if bar.interactive {
                bar.update(step: step, values: [("loss", loss), (memoryTask.scoreName.replacingOccurrences(of: " ", with: "_"), lastScore)])
            }
        }
        let last = trainer.curve.last
        if bar.interactive { bar.finish(values: [("loss", last?.trainLoss ?? .nan)], step: last?.step ?? steps) }
        let seconds = last?.seconds ?? 0
        if let solvedAt {
            print("solved at step \(solvedAt) in \(formatted(Float(seconds))) s: test \(memoryTask.scoreName) "
                + "\(formatted(last?.testScore ?? .nan)) (\(memoryTask.solvedDescription))")
        } else {
            print("not solved after \(last?.step ?? steps) steps (\(formatted(Float(seconds))) s): test \(memoryTask.scoreName) "
                + "\(formatted(last?.testScore ?? .nan)), needs \(memoryTask.solvedDescription)")
        }
        if let base {
            try trainer.curveCSV.write(toFile: base + ".csv", atomically: true, encoding: .utf8)
            let title = "\(label), \(cell.uppercased()) \(hidden): " + (solvedAt.map { "solved at step \($0) in \(formatted(Float(seconds))) s" } ?? "not solved")
            try LossCurveSVG.render(title: title, points: trainer.curve, scoreName: "test " + memoryTask.scoreName, threshold: threshold)
                .write(toFile: base + ".svg", atomically: true, encoding: .utf8)
            try TaskCheckpoint.save(trainer.model, task: label, to: base + ".safetensors")
            try Self.sampleInput(memoryTask, seed: seed).write(to: base + "-input.safetensors")
            print("wrote \(base).csv, \(base).svg, \(base).safetensors, \(base)-input.safetensors")
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print("peak resident memory: \(usage.ru_maxrss / 1024) MiB")
        if solvedAt == nil { throw ExitCode(2) }
    }
}

extension NNTrain {
    /// Four test samples of the task as x [N, T, F] (batch-major, as models read files).
    static func sampleInput(_ task: MemoryTask, seed: UInt64) throws -> Safetensors {
        var rng = SeededGenerator(seed: seed &+ 0x5eed)
        let x = task.batch(size: 4, test: true, rng: &rng).x  // (T, N, F)
        let (t, n, f) = (x.shape[0], x.shape[1], x.shape[2])
        var out = [Float](repeating: 0, count: x.count)
        for s in 0..<t { for b in 0..<n { for k in 0..<f { out[(b * t + s) * f + k] = x.scalars[(s * n + b) * f + k] } } }
        return Safetensors(tensors: ["x": try Tensor(shape: [n, t, f], scalars: out)],
                           metadata: ["producer": "wm nn train", "task": task.name])
    }
}

/// Four significant digits, for progress lines.
func formatted(_ v: Float) -> String { String(format: "%.4g", Double(v)) }
