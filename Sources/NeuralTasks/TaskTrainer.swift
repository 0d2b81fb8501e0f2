import Neural

/// Trains a recurrent model on a `MemoryTask` from fresh random batches until it reaches the
/// task's solved level or a step budget, recording a loss curve.
///
/// Model: one recurrent layer (LSTM or GRU, `hidden` units) and a Dense read-out (time-distributed
/// when the task is scored at every step). Optimizer: Adam with global-norm clipping.
public struct TaskTrainer {
    /// Hyperparameters; the defaults are the PyTorch reference run's
    /// (LSTM 128, Adam lr 3e-3, clip 1.0, batch 64).
    public struct Options: Sendable {
        public var cell: TrainableRecurrent.Cell = .lstm
        public var hidden = 128
        public var maxSteps = 20_000
        public var batchSize = 64
        public var learningRate: Float = 3e-3
        public var clipNorm: Float = 1.0
        public var seed: UInt64 = 1
        /// Steps between two evaluations on the test set (and two points of the curve).
        public var evaluateEvery = 100
        /// Samples in the fixed test set.
        public var testSamples = 512
        /// Stop at the first evaluation that reaches the solved level.
        public var stopWhenSolved = true
        public init() {}
    }

    /// One point of the curve.
    public struct Point: Sendable {
        public var step: Int
        /// Mean training loss since the previous point.
        public var trainLoss: Float
        /// Test loss and score at this step.
        public var testLoss: Float
        public var testScore: Float
        /// Wall time since the start of training (seconds).
        public var seconds: Double
    }

    public let task: MemoryTask
    public let options: Options
    public let model: TrainingModel
    public private(set) var curve: [Point] = []

    /// - Parameters:
    ///   - task: what to learn.  - options: hyperparameters.
    public init(task: MemoryTask, options: Options) throws {
        self.task = task
        self.options = options
        let readout: LayerSpec = task.returnsSequences
            ? .timeDistributed(.dense(task.outputSize)) : .dense(task.outputSize)
        model = try TrainingModel([
            .recurrent(options.cell, units: options.hidden, returnSequences: task.returnsSequences,
                       stateful: false, inputSize: task.inputSize),
            readout,
        ], initialization: .pytorch, seed: options.seed)
        model.compile(
            optimizer: .adam(learningRate: options.learningRate, clipGlobalNorm: options.clipNorm > 0 ? options.clipNorm : nil),
            loss: task.loss)
    }

    /// Continues a run: `model` from its checkpoint (weights and optimizer state), `curve` the
    /// points recorded so far; steps and seconds continue from the last point.
    public init(task: MemoryTask, options: Options, resuming model: TrainingModel, curve: [Point]) {
        self.task = task
        self.options = options
        self.model = model
        self.curve = curve
    }

    /// Points from the text `curveCSV` wrote (lines that do not parse are skipped).
    public static func points(csv: String) -> [Point] {
        csv.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: ",").map(String.init)
            guard f.count == 5, let step = Int(f[0]), let a = Float(f[1]), let b = Float(f[2]), let c = Float(f[3]),
                  let d = Double(f[4]) else { return nil }
            return Point(step: step, trainLoss: a, testLoss: b, testScore: c, seconds: d)
        }
    }

    /// Loss and score of the model on a test set.
    public func evaluate(_ test: [TaskBatch]) throws -> (loss: Float, score: Float) {
        var loss: Float = 0, score: Float = 0
        for b in test {
            let p = try model.forwardTimeMajor(b.x, training: false)
            loss += try model.loss.evaluate(prediction: p, target: b.y, mask: b.mask).loss
            score += task.score(prediction: p, batch: b)
        }
        return (loss / Float(test.count), score / Float(test.count))
    }

    /// Runs training.
    /// - Parameter report: called after every step with (step, mean recent loss, last point).
    /// - Returns: the step at which the task was solved, or nil.
    public mutating func run(report: (Int, Float, Point?) -> Void = { _, _, _ in }) throws -> Int? {
        let firstStep = (curve.last?.step ?? 0) + 1, secondsBefore = curve.last?.seconds ?? 0
        // A resumed run draws a fresh (still seeded) stream of training batches.
        var rng = SeededGenerator(seed: options.seed &+ 1000 &+ UInt64(firstStep - 1))
        var testRng = SeededGenerator(seed: options.seed &+ 7_000_000)
        let testBatch = 128
        let test = (0..<max(1, options.testSamples / testBatch)).map { _ in
            task.batch(size: testBatch, test: true, rng: &testRng)
        }
        let start = ContinuousClock.now
        var lossSum: Float = 0, lossCount = 0
        var solvedAt: Int? = nil
        guard firstStep <= options.maxSteps else { return nil }
        for step in firstStep...options.maxSteps {
            let b = task.batch(size: options.batchSize, test: false, rng: &rng)
            let loss = try model.trainOnBatch(b.x, b.y, mask: b.mask, lengths: b.lengths).loss
            lossSum += loss
            lossCount += 1
            var point: Point? = nil
            if step % options.evaluateEvery == 0 || step == options.maxSteps {
                let (testLoss, score) = try evaluate(test)
                let d = ContinuousClock.now - start
                let seconds = secondsBefore + Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
                point = Point(step: step, trainLoss: lossSum / Float(lossCount), testLoss: testLoss, testScore: score,
                              seconds: seconds)
                curve.append(point!)
                lossSum = 0
                lossCount = 0
                if task.isSolved(score) && solvedAt == nil { solvedAt = step }
            }
            report(step, lossCount > 0 ? lossSum / Float(lossCount) : loss, point)
            if solvedAt != nil && options.stopWhenSolved { break }
        }
        return solvedAt
    }

    /// The curve as CSV: `step,train_loss,test_loss,test_score,seconds`.
    public var curveCSV: String { Self.csv(curve) }

    /// Points as CSV: `step,train_loss,test_loss,test_score,seconds`.
    public static func csv(_ points: [Point]) -> String {
        var s = "step,train_loss,test_loss,test_score,seconds\n"
        for p in points { s += "\(p.step),\(p.trainLoss),\(p.testLoss),\(p.testScore),\(p.seconds)\n" }
        return s
    }
}
