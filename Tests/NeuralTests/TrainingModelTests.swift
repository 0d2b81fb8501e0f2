import Foundation
import Testing
@testable import Neural
import NeuralTasks

/// The Keras-like training API: building, fitting, evaluating, predicting, checkpoints.
@Suite struct TrainingModelTests {
    static func seedModel() throws -> TrainingModel {
        try TrainingModel([
            .lstm(128, returnSequences: true, inputSize: 100),
            .lstm(64, returnSequences: true),
            .timeDistributed(.dense(10)),
        ], seed: 1)
    }

    static func random(_ shape: [Int], seed: UInt64) -> Tensor {
        var rng = SeededGenerator(seed: seed)
        var t = Tensor.zeros(shape)
        for i in 0..<t.count { t.scalars[i] = rng.uniform(-1, 1) }
        return t
    }

    @Test func seedModelPredictsTenOutputsPerTimestep() throws {
        let model = try Self.seedModel()
        model.compile(optimizer: .adam(), loss: .mse)
        let y = try model.predict(Self.random([1, 10, 100], seed: 1))
        #expect(y.shape == [1, 10, 10])
    }

    @Test func trainingForwardEqualsInferenceEngineOnExportedWeights() throws {
        let model = try TrainingModel([
            .bidirectional(.gru(4, returnSequences: true, inputSize: 3)),
            .lstm(5, returnSequences: true),
            .timeDistributed(.dense(2, activation: .tanh)),
        ], initialization: .pytorch, seed: 4)
        let x = Self.random([2, 6, 3], seed: 2)
        let trained = try model.predict(x)
        let inferred = try model.sequential()(x)
        #expect(trained.maxAbsDifference(inferred) <= 1e-5, "maxdiff \(trained.maxAbsDifference(inferred))")
    }

    @Test func fitLowersTheLossAndRecordsValidation() throws {
        // Learn to output the running mean of the input: a few epochs suffice.
        let x = Self.random([64, 5, 2], seed: 3)
        var y = Tensor.zeros([64, 5, 1])
        for n in 0..<64 { for t in 0..<5 { y[n, t, 0] = (x[n, t, 0] + x[n, t, 1]) / 2 } }
        let model = try TrainingModel([.lstm(8, returnSequences: true, inputSize: 2), .timeDistributed(.dense(1))], seed: 2)
        model.compile(optimizer: .adam(learningRate: 0.02), loss: .mse, metrics: [.mae])
        let history = try model.fit(x, y, epochs: 15, batchSize: 16, validationSplit: 0.25, verbose: false)
        let losses = try #require(history.logs["loss"])
        #expect(history.epochs == 15)
        #expect(losses.last! < losses.first! / 4, "loss \(losses.first!) → \(losses.last!)")
        #expect(history.logs["val_loss"]?.count == 15)
        #expect(history.logs["val_mae"]?.count == 15)
        let evaluation = try model.evaluate(x, y)
        #expect(evaluation["loss"]! < losses.first!)
    }

    /// `val_loss` leaves the validation samples' padding out, whether they come from a split
    /// (their rows of `mask`) or from `validationData` with `validationMask`; the padded targets
    /// here are huge, so counting them would show. Bad validation data is refused before training.
    @Test func validationLossUsesTheValidationMask() throws {
        let x = Self.random([16, 6, 2], seed: 7)
        var y = Self.random([16, 6, 1], seed: 8)
        var mask = Tensor.zeros([16, 6])
        for n in 0..<16 {
            for t in 0..<6 {
                if t < 2 + n % 4 { mask[n, t] = 1 } else { y[n, t, 0] = 1000 }
            }
        }
        func model() throws -> TrainingModel {
            let m = try TrainingModel([.lstm(5, returnSequences: true, inputSize: 2), .timeDistributed(.dense(1))], seed: 4)
            m.compile(optimizer: .adam(learningRate: 0.01), loss: .mse, metrics: [.mae])
            return m
        }
        let held = Array(12..<16)[...]
        let (xv, yv, mv) = (TrainingModel.gather(x, held), TrainingModel.gather(y, held), TrainingModel.gather(mask, held))
        let split = try model()
        let splitLogs = try split.fit(x, y, mask: mask, epochs: 2, batchSize: 4, validationSplit: 0.25, verbose: false).logs
        let splitEvaluation = try split.evaluate(xv, yv, mask: mv)
        #expect(splitLogs["val_loss"]?.last == splitEvaluation["loss"])
        #expect(splitLogs["val_mae"]?.last == splitEvaluation["mae"])
        #expect(try #require(splitLogs["val_loss"]?.last) < 100)
        let given = try model()
        let givenLogs = try given.fit(x, y, mask: mask, epochs: 2, batchSize: 4, validationData: (xv, yv),
                                      validationMask: mv, verbose: false).logs
        #expect(givenLogs["val_loss"]?.last == (try given.evaluate(xv, yv, mask: mv))["loss"])
        #expect(try #require(givenLogs["val_loss"]?.last) < 100)
        // Refused before any step: a mask of the wrong shape, and a mask without validation data.
        let untouched = try model(), before = untouched.parameters.map(\.value.scalars)
        #expect(throws: NeuralError.self) {
            try untouched.fit(x, y, mask: mask, validationData: (xv, yv), validationMask: Tensor.zeros([4, 5]), verbose: false)
        }
        #expect(throws: NeuralError.self) { try untouched.fit(x, y, mask: mask, validationMask: mv, verbose: false) }
        #expect(untouched.parameters.map(\.value.scalars) == before)
    }

    @Test func earlyStoppingStopsWhenTheMonitoredValueStallsAndRestoresTheBest() throws {
        let x = Self.random([8, 3, 2], seed: 5)
        let y = Self.random([8, 1], seed: 6)
        let model = try TrainingModel([.lstm(4, inputSize: 2), .dense(1)], seed: 3)
        // A learning rate of 0 never improves: patience 2 stops after epoch 3.
        model.compile(optimizer: .sgd(learningRate: 0), loss: .mse)
        let stopper = EarlyStopping(monitor: "loss", patience: 2, restoreBestWeights: true)
        let history = try model.fit(x, y, epochs: 10, batchSize: 8, callbacks: [stopper], verbose: false)
        #expect(history.epochs == 3)
        #expect(stopper.stoppedEpoch == 2)
    }

    @Test func resumingFromACheckpointGivesTheSameWeightsAsTrainingStraight() throws {
        func make() throws -> TrainingModel {
            let m = try TrainingModel([.gru(6, returnSequences: true, inputSize: 3), .timeDistributed(.dense(2))], seed: 7)
            m.compile(optimizer: Optimizer(rule: .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0),
                                           learningRate: 0.01, schedule: .warmup(steps: 3, then: .cosine(total: 10, minimumFactor: 0.1)),
                                           clipGlobalNorm: 0.5),
                      loss: .mse)
            return m
        }
        var rng = SeededGenerator(seed: 11)
        let batches: [(Tensor, Tensor)] = (0..<8).map { _ in
            var x = Tensor.zeros([4, 2, 3]), y = Tensor.zeros([4, 2, 2])
            for i in 0..<x.count { x.scalars[i] = rng.uniform(-1, 1) }
            for i in 0..<y.count { y.scalars[i] = rng.uniform(-1, 1) }
            return (x, y)
        }
        let straight = try make()
        for (x, y) in batches { try straight.trainOnBatch(x, y) }
        let first = try make()
        for (x, y) in batches.prefix(4) { try first.trainOnBatch(x, y) }
        let file = try Safetensors(data: try first.checkpoint().encoded())
        let resumed = try TrainingModel.restore(file)
        #expect(resumed.optimizer.step == 4)
        for (x, y) in batches.suffix(4) { try resumed.trainOnBatch(x, y) }
        for (a, b) in zip(straight.parameters, resumed.parameters) {
            #expect(a.value == b.value, "\(a.name) differs after resuming")
        }
    }

    @Test func checkpointWeightsLoadInTheInferenceEngineByPyTorchNames() throws {
        let model = try TrainingModel([.lstm(5, returnSequences: true, inputSize: 3), .timeDistributed(.dense(2))], seed: 9)
        model.compile(loss: .mse)
        let file = try Safetensors(data: try model.checkpoint().encoded())
        let (sequential, _) = try WeightLoader(file).sequential(["layer0", "layer1"])
        let x = Self.random([2, 4, 3], seed: 8)
        let d = try sequential(x).maxAbsDifference(try model.predict(x))
        #expect(d <= 1e-5, "maxdiff \(d)")
    }

    @Test func fitRejectsMismatchedSamplesAndNaN() throws {
        let model = try TrainingModel([.lstm(4, inputSize: 2), .dense(1)], seed: 3)
        model.compile(loss: .mse)
        #expect(throws: NeuralError.self) { try model.fit(Tensor.zeros([4, 3, 2]), Tensor.zeros([5, 1]), verbose: false) }
        var x = Tensor.zeros([4, 3, 2])
        x.scalars[5] = .nan
        #expect(throws: NeuralError.self) { try model.fit(x, Tensor.zeros([4, 1]), verbose: false) }
        #expect(throws: NeuralError.self) { try model.fit(Tensor.zeros([4, 3, 7]), Tensor.zeros([4, 1]), verbose: false) }
    }

    @Test func statefulLayerCarriesStateAcrossBatchesLikeOneLongSequence() throws {
        // Truncated BPTT's forward half: two chunks of a stateful layer equal one whole sequence.
        var rng = SeededGenerator(seed: 1)
        let stateful = TrainableRecurrent(cell: .lstm, units: 4, inputSize: 2, returnSequences: true, stateful: true, rng: &rng)
        let whole = TrainableRecurrent(cell: .lstm, kernel: stateful.kernel.value, recurrentKernel: stateful.recurrentKernel.value,
                                       bias: stateful.bias.value, recurrentBias: stateful.recurrentBias.value, returnSequences: true)
        let x = Self.random([6, 3, 2], seed: 4)  // (T, N, F)
        let full = try whole.forward(x, training: false)
        let a = try stateful.forward(try Tensor(shape: [3, 3, 2], scalars: Array(x.scalars[0..<18])), training: true)
        let b = try stateful.forward(try Tensor(shape: [3, 3, 2], scalars: Array(x.scalars[18...])), training: true)
        #expect(try Tensor(shape: [6, 3, 4], scalars: a.scalars + b.scalars).maxAbsDifference(full) <= 1e-6)
    }

    /// Evaluation keeps no tape (an LSTM's or GRU's gates stay in an (N, G·H) block per step) but
    /// computes the same outputs bit for bit, in state and in sequence; a backward pass after it is
    /// refused instead of reading a tape that no longer matches (both GRU variants).
    @Test(arguments: ["lstm", "gru", "gru-reset-before"])
    func evaluationForwardEqualsTrainingForwardAndKeepsNoTape(cell: String) throws {
        var rng = SeededGenerator(seed: 5)
        // The second size is split across the cores.
        for (T, N, H) in [(7, 9, 20), (5, 64, 128)] {
            let layer = TrainableRecurrent(cell: cell == "lstm" ? .lstm : .gru(.pytorch), units: H, inputSize: 3,
                                           returnSequences: true, rng: &rng)
            layer.resetAfter = cell != "gru-reset-before"
            let x = Self.random([T, N, 3], seed: UInt64(N))
            let trained = try layer.forward(x, training: true)
            let evaluated = try layer.forward(x, training: false)
            #expect(evaluated.scalars == trained.scalars, "N \(N) H \(H)")
            _ = try layer.forward(x, training: true)
            _ = try layer.forward(Self.random([T, N, 3], seed: 99), training: false)
            #expect(throws: NeuralError.self) { try layer.backward(Tensor.zeros([T, N, H]), needsInputGradient: false) }
            _ = try layer.forward(x, training: true)
            #expect(try layer.backward(Tensor.zeros([T, N, H]), needsInputGradient: true)?.shape == [T, N, 3])
        }
    }

    /// A copy-task batch (lengths 1...20, padded and masked) trains to the same gradients with its
    /// lengths as without (the LSTM or GRU then stops each row at its length; a GRU with
    /// reset_after = false runs the padding); bad lengths are refused.
    @Test(arguments: ["lstm", "gru", "gru-reset-before"])
    func sequenceLengthsGiveThePaddedBatchsGradients(cell: String) throws {
        var rng = SeededGenerator(seed: 3)
        var batch = CopyTask().batch(size: 16, test: false, rng: &rng)
        let lengths = try #require(batch.lengths)
        #expect(lengths.contains { $0 < batch.x.shape[0] })
        // Padding that is not zero: it must not reach a gradient either way.
        for t in 0..<batch.x.shape[0] {
            for n in 0..<16 where t >= lengths[n] { for f in 0..<9 { batch.x[t, n, f] = 0.7 - 0.1 * Float(f) } }
        }
        func recurrent(_ units: Int, sequences: Bool = true, inputSize: Int? = nil) -> LayerSpec {
            switch cell {
            case "lstm": return .lstm(units, returnSequences: sequences, inputSize: inputSize)
            case "gru": return .gru(units, returnSequences: sequences, inputSize: inputSize)
            default: return .gru(units, returnSequences: sequences, resetAfter: false, inputSize: inputSize)
            }
        }
        // One model for both passes: the pass with lengths reuses the padded pass's buffers, so
        // anything it fails to overwrite for the rows past their lengths would show.
        let model = try TrainingModel([recurrent(24, inputSize: 9), .timeDistributed(.dense(8))],
                                      initialization: .pytorch, seed: 2)
        model.compile(loss: .binaryCrossentropyFromLogits)
        let headBias = try #require(model.parameters.last).value.scalars
        func gradients(_ lengths: [Int]?) throws -> (Float, [[Float]], [Float]) {
            let (loss, prediction) = try model.computeGradients(batch.x, batch.y, mask: batch.mask, lengths: lengths)
            return (loss, model.parameters.map(\.gradient.scalars), prediction.scalars)
        }
        let (paddedLoss, padded, paddedPrediction) = try gradients(nil), (loss, stopped, prediction) = try gradients(lengths)
        // Past its length a stopped row's state is zero, so the head gives its bias there; a GRU
        // with reset_after = false ran the padding.
        let N = lengths.count
        let past = (0..<prediction.count).filter { i in (i / 8) / N >= lengths[(i / 8) % N] }
        #expect(!past.isEmpty)
        let biasPastLengths = past.allSatisfy { prediction[$0] == headBias[$0 % 8] }
        #expect(biasPastLengths == (cell != "gru-reset-before"), "outputs past the lengths")
        #expect(abs(loss - paddedLoss) <= 1e-6 * abs(paddedLoss))
        for (k, (a, b)) in zip(stopped, padded).enumerated() {
            let d = zip(a, b).map { abs($0 - $1) }.max() ?? 0, scale = max(1, b.map(abs).max() ?? 0)
            #expect(d <= 1e-5 * scale, "parameter \(k): \(d)")
        }
        // The predictions agree wherever the mask keeps them (past a length they are unspecified).
        let mask = try #require(batch.mask)
        let kept = (0..<prediction.count).filter { mask[$0 / 8] > 0 }
        #expect(kept.allSatisfy { abs(prediction[$0] - paddedPrediction[$0]) <= 1e-5 }, "predictions differ inside the lengths")
        // A many-to-one model reads its last layer's state after the padding, as `predict` does:
        // lengths change nothing there (the first layer must run its padding too, for the second).
        let lastStep = try Tensor(shape: [16, 8], scalars: Array(batch.y.scalars.suffix(16 * 8)))
        func manyToOne(_ lengths: [Int]?) throws -> (Float, [[Float]]) {
            let model = try TrainingModel([recurrent(12, inputSize: 9), recurrent(10, sequences: false), .dense(8)],
                                          initialization: .pytorch, seed: 2)
            model.compile(loss: .binaryCrossentropyFromLogits)
            let loss = try model.computeGradients(batch.x, lastStep, lengths: lengths).loss
            return (loss, model.parameters.map(\.gradient.scalars))
        }
        let (runLoss, run) = try manyToOne(nil), (hintLoss, hinted) = try manyToOne(lengths)
        #expect(hintLoss == runLoss)
        let sameGradients = hinted == run  // compared whole: a mismatch would print every gradient
        #expect(sameGradients, "a many-to-one model's gradients changed with lengths")
        #expect(throws: NeuralError.self) { try model.computeGradients(batch.x, batch.y, mask: batch.mask, lengths: [3]) }
        #expect(throws: NeuralError.self) {
            try model.computeGradients(batch.x, batch.y, mask: batch.mask, lengths: lengths.map { $0 + 100 })
        }
    }

    /// `fit` hands each batch its samples' lengths: the same weights as training on the padded,
    /// masked samples (SGD, two epochs of shuffled batches); lengths that do not fit are refused.
    @Test func fitWithLengthsTrainsLikeThePaddedSamples() throws {
        var rng = SeededGenerator(seed: 4)
        let b = CopyTask().batch(size: 12, test: false, rng: &rng)  // time-major (T, N, ...)
        let (T, N) = (b.x.shape[0], b.x.shape[1])
        let x = swapLeadingAxes(b.x), y = swapLeadingAxes(b.y)
        let mask = swapLeadingAxes(try Tensor(shape: [T, N], scalars: try #require(b.mask)))
        let lengths = try #require(b.lengths)
        func train(_ lengths: [Int]?) throws -> [[Float]] {
            let model = try TrainingModel([.lstm(16, returnSequences: true, inputSize: 9), .timeDistributed(.dense(8))],
                                          initialization: .pytorch, seed: 5)
            model.compile(optimizer: .sgd(learningRate: 0.5), loss: .binaryCrossentropyFromLogits)
            try model.fit(x, y, mask: mask, lengths: lengths, epochs: 2, batchSize: 4, verbose: false, seed: 6)
            return model.parameters.map(\.value.scalars)
        }
        let padded = try train(nil), stopped = try train(lengths)
        for (k, (a, b)) in zip(stopped, padded).enumerated() {
            let d = zip(a, b).map { abs($0 - $1) }.max() ?? 0
            #expect(d <= 1e-5, "parameter \(k): \(d)")
        }
        let model = try TrainingModel([.lstm(4, returnSequences: true, inputSize: 9), .timeDistributed(.dense(8))], seed: 1)
        model.compile(loss: .binaryCrossentropyFromLogits)
        #expect(throws: NeuralError.self) { try model.fit(x, y, mask: mask, lengths: [1, 2], verbose: false) }
        #expect(throws: NeuralError.self) { try model.fit(x, y, mask: mask, lengths: lengths.map { -$0 }, verbose: false) }
    }

    @Test func progressLineShowsStepValuesRateAndETA() {
        let bar = ProgressBar(total: 50, prefix: "Epoch 1/3", interactive: false)
        let line = bar.line(step: 25, values: [("loss", 0.12345)])
        #expect(line.hasPrefix("Epoch 1/3 [============>           ] 25/50 loss 0.1235"))
        #expect(line.contains("steps/s | ETA "))
    }
}

/// Initial weights follow Keras' and PyTorch's default initialisers.
@Suite struct TrainingInitializationTests {
    @Test func kerasLSTMHasOrthogonalRecurrentKernelGlorotKernelAndUnitForgetBias() throws {
        var rng = SeededGenerator(seed: 1)
        let lstm = TrainableRecurrent(cell: .lstm, units: 8, inputSize: 5, initialization: .keras, rng: &rng)
        // Orthogonal (8, 32): the rows are orthonormal, W·Wᵀ = I.
        let w = lstm.recurrentKernel.value
        var worst: Float = 0
        for i in 0..<8 {
            for j in 0..<8 {
                var dot: Float = 0
                for k in 0..<32 { dot += w[i, k] * w[j, k] }
                worst = max(worst, abs(dot - (i == j ? 1 : 0)))
            }
        }
        #expect(worst < 1e-5, "W·Wᵀ differs from I by \(worst)")
        let limit = (6 / Float(5 + 32)).squareRoot()
        #expect(lstm.kernel.value.scalars.allSatisfy { abs($0) <= limit })
        #expect(lstm.kernel.value.scalars.map(abs).max()! > limit * 0.8)
        #expect(lstm.bias.value.scalars == [Float](repeating: 0, count: 8) + [Float](repeating: 1, count: 8) + [Float](repeating: 0, count: 16))
        #expect(lstm.recurrentBias.value.scalars.allSatisfy { $0 == 0 })
    }

    @Test func pytorchInitializationDrawsEveryTensorFromUniformOverRootH() throws {
        var rng = SeededGenerator(seed: 2)
        let gru = TrainableRecurrent(cell: .gru(.pytorch), units: 16, inputSize: 3, initialization: .pytorch, rng: &rng)
        for p in gru.parameters {
            #expect(p.value.scalars.allSatisfy { abs($0) <= 0.25 }, "\(p.name) outside ±1/√16")
            #expect(p.value.scalars.map(abs).max()! > 0.2, "\(p.name) does not fill ±1/√16")
        }
    }
}
