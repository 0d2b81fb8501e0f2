import Testing
@testable import Neural

/// Backward passes checked against central finite differences of the loss (float32 forward,
/// so tolerances are loose in absolute terms but catch any wrong term of a derivative).
@Suite struct TrainingGradientCheckTests {
    /// Compares every analytic gradient entry (strided sample for big tensors) with
    /// (L(w + ε) − L(w − ε)) / 2ε; returns the worst violation ratio (≤ 1 passes).
    static func worstViolation(_ model: TrainingModel, _ x: Tensor, _ y: Tensor, mask: [Float]? = nil,
                               eps: Float = 1e-2, stride: Int = 1) throws -> Float {
        try model.computeGradients(x, y, mask: mask)
        let analytic = model.parameters.map(\.gradient)
        var worst: Float = 0
        for (k, p) in model.parameters.enumerated() {
            for i in Swift.stride(from: 0, to: p.value.count, by: stride) {
                let saved = p.value.scalars[i]
                p.value.scalars[i] = saved + eps
                let lp = try model.loss.evaluate(prediction: model.forwardTimeMajor(x, training: false), target: y, mask: mask).loss
                p.value.scalars[i] = saved - eps
                let lm = try model.loss.evaluate(prediction: model.forwardTimeMajor(x, training: false), target: y, mask: mask).loss
                p.value.scalars[i] = saved
                let fd = (lp - lm) / (2 * eps)
                let a = analytic[k].scalars[i]
                let tolerance: Float = 2e-4 + 3e-2 * max(abs(a), abs(fd))
                worst = max(worst, abs(fd - a) / tolerance)
            }
        }
        return worst
    }

    static func randomTensor(_ shape: [Int], _ rng: inout SeededGenerator, scale: Float = 1) -> Tensor {
        var t = Tensor.zeros(shape)
        for i in 0..<t.count { t.scalars[i] = scale * rng.uniform(-1, 1) }
        return t
    }

    @Test func stackedLSTMGRUTimeDistributedDenseMatchesFiniteDifferences() throws {
        let model = try TrainingModel([
            .lstm(5, returnSequences: true, inputSize: 3),
            .gru(4, returnSequences: true),
            .timeDistributed(.dense(2)),
        ], initialization: .pytorch, seed: 3)
        model.compile(loss: .mse)
        var rng = SeededGenerator(seed: 9)
        let x = Self.randomTensor([6, 2, 3], &rng)   // (T, N, F)
        let y = Self.randomTensor([6, 2, 2], &rng)
        let worst = try Self.worstViolation(model, x, y)
        #expect(worst <= 1, "worst finite-difference violation \(worst)")
    }

    @Test func bidirectionalLSTMWithSigmoidDenseAndBinaryCrossEntropyMatchesFiniteDifferences() throws {
        let model = try TrainingModel([
            .bidirectional(.lstm(3, inputSize: 2)),
            .dense(2, activation: .sigmoid),
        ], initialization: .keras, seed: 5)
        model.compile(loss: .binaryCrossentropy)
        var rng = SeededGenerator(seed: 1)
        let x = Self.randomTensor([5, 3, 2], &rng)
        var y = Tensor.zeros([3, 2])
        for i in 0..<y.count { y.scalars[i] = rng.nextUniform() < 0.5 ? 0 : 1 }
        let worst = try Self.worstViolation(model, x, y)
        #expect(worst <= 1, "worst finite-difference violation \(worst)")
    }

    @Test func embeddingGRUSparseCrossEntropyWithMaskMatchesFiniteDifferences() throws {
        let model = try TrainingModel([
            .embedding(vocabularySize: 5, dimension: 3),
            .gru(4, returnSequences: true),
            .timeDistributed(.dense(3, activation: .tanh)),
        ], seed: 11)
        model.compile(loss: .sparseCategoricalCrossentropy)
        let ids = try Tensor(shape: [4, 2], scalars: [0, 1, 4, 2, 3, 3, 1, 0])   // (T, N)
        let y = try Tensor(shape: [4, 2], scalars: [2, 0, 1, 1, 0, 2, 2, 1])
        let mask: [Float] = [1, 1, 1, 1, 1, 0, 0, 0]   // second sample padded after t = 2
        let worst = try Self.worstViolation(model, ids, y, mask: mask)
        #expect(worst <= 1, "worst finite-difference violation \(worst)")
    }

    @Test func lossGradientsMatchFiniteDifferences() throws {
        var rng = SeededGenerator(seed: 2)
        let p = Self.randomTensor([3, 4], &rng, scale: 2)
        var probs = p
        for i in 0..<probs.count { probs.scalars[i] = 0.1 + 0.8 * rng.nextUniform() }
        var target = Tensor.zeros([3, 4])
        for i in 0..<target.count { target.scalars[i] = rng.nextUniform() }
        let cases: [(Loss, Tensor)] = [
            (.mse, p), (.mae, p), (.categoricalCrossentropy, p), (.binaryCrossentropyFromLogits, p),
            (.binaryCrossentropy, probs),
        ]
        for (loss, pred) in cases {
            let g = try loss.evaluate(prediction: pred, target: target, mask: [1, 0, 1]).gradient
            for i in 0..<pred.count {
                var a = pred, b = pred
                a.scalars[i] += 1e-2
                b.scalars[i] -= 1e-2
                let fd = (try loss.evaluate(prediction: a, target: target, mask: [1, 0, 1]).loss
                    - loss.evaluate(prediction: b, target: target, mask: [1, 0, 1]).loss) / 2e-2
                #expect(abs(fd - g.scalars[i]) <= 1e-3 + 2e-2 * abs(fd), "\(loss) element \(i): fd \(fd) vs \(g.scalars[i])")
            }
        }
    }
}

@Suite struct TrainingResetBeforeGRUTests {
    @Test func resetBeforeGRUMatchesFiniteDifferencesAndTheInferenceEngine() throws {
        let model = try TrainingModel([
            .gru(5, returnSequences: true, resetAfter: false, inputSize: 3),
            .timeDistributed(.dense(2)),
        ], initialization: .pytorch, seed: 8)
        model.compile(loss: .mse)
        var rng = SeededGenerator(seed: 4)
        let x = TrainingGradientCheckTests.randomTensor([6, 2, 3], &rng)
        let y = TrainingGradientCheckTests.randomTensor([6, 2, 2], &rng)
        let worst = try TrainingGradientCheckTests.worstViolation(model, x, y)
        #expect(worst <= 1, "worst finite-difference violation \(worst)")
        let batchMajor = swapLeadingAxes(x)
        let d = try model.predict(batchMajor).maxAbsDifference(try model.sequential()(batchMajor))
        #expect(d <= 1e-5, "training forward vs inference GRU(resetAfter: false): maxdiff \(d)")
    }
}
