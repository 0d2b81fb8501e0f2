import Testing
@testable import Neural

/// Magnitude pruning: the sparsity reached, which weights go, and the mask through fine-tuning.
@Suite struct MagnitudePruningTests {
    func model() throws -> TrainingModel {
        let m = try TrainingModel([.lstm(10, inputSize: 3), .dense(2)], seed: 5)
        m.compile(optimizer: .adam(learningRate: 0.01), loss: .mse)
        return m
    }

    func zeros(_ t: Tensor) -> Int { t.scalars.filter { $0 == 0 }.count }

    @Test(arguments: [0.0, 0.5, 0.8, 0.9])
    func everyMatrixReachesTheSparsityPerLayer(_ sparsity: Double) throws {
        let m = try model()
        try MagnitudePruning(sparsity: sparsity).prune(m)
        for (name, p) in m.weightMatrices {
            let expected = Int((sparsity * Double(p.value.count)).rounded(.toNearestOrEven))
            #expect(zeros(p.value) == expected, "\(name): \(zeros(p.value)) zeros of \(p.value.count)")
        }
    }

    @Test func theSmallestMagnitudesAreTheOnesRemoved() throws {
        let m = try model()
        let before = m.weightMatrices.map(\.parameter.value)
        try MagnitudePruning(sparsity: 0.7).prune(m)
        for ((name, p), old) in zip(m.weightMatrices, before) {
            let removed = old.scalars.indices.filter { p.value.scalars[$0] == 0 }.map { abs(old.scalars[$0]) }
            let kept = old.scalars.indices.filter { p.value.scalars[$0] != 0 }.map { abs(old.scalars[$0]) }
            #expect(removed.max()! <= kept.min()!, "\(name)")
            #expect(old.scalars.indices.allSatisfy { p.value.scalars[$0] == 0 || p.value.scalars[$0] == old.scalars[$0] })
        }
    }

    @Test func globalPruningSharesOneThresholdAcrossMatrices() throws {
        let m = try model()
        let before = m.weightMatrices.map(\.parameter.value)
        let mask = try MagnitudePruning(sparsity: 0.8, scope: .global).prune(m)
        let total = before.reduce(0) { $0 + $1.count }
        #expect(mask.prunedCount == Int((0.8 * Double(total)).rounded(.toNearestOrEven)))
        let pairs = zip(m.weightMatrices.map(\.parameter.value), before).flatMap { zip($0.scalars, $1.scalars) }
        let removed = pairs.filter { $0.0 == 0 }.map { abs($0.1) }, kept = pairs.filter { $0.0 != 0 }.map { abs($0.1) }
        #expect(removed.max()! <= kept.min()!)
        let perMatrix = m.weightMatrices.map { Double(zeros($0.parameter.value)) / Double($0.parameter.value.count) }
        #expect(Set(perMatrix.map { ($0 * 100).rounded() }).count > 1, "one threshold leaves different fractions per matrix: \(perMatrix)")
    }

    @Test func biasesAreNotPruned() throws {
        let m = try model()
        let biases = m.parameters.filter { $0.value.rank == 1 }.map(\.value)
        try MagnitudePruning(sparsity: 0.9).prune(m)
        #expect(m.parameters.filter { $0.value.rank == 1 }.map(\.value) == biases)
    }

    @Test func prunedWeightsStayZeroThroughFineTuning() throws {
        let m = try model()
        let mask = try MagnitudePruning(sparsity: 0.8).prune(m)
        let zerosBefore = m.weightMatrices.map { zeros($0.parameter.value) }
        var rng = SplitMix(seed: 9)
        let x = rng.tensor([64, 6, 3], scale: 1), y = rng.tensor([64, 2], scale: 1)
        let kept = m.weightMatrices.map(\.parameter.value)
        try m.fit(x, y, epochs: 3, batchSize: 16, callbacks: [mask], verbose: false)
        for ((name, p), (before, old)) in zip(m.weightMatrices, zip(zerosBefore, kept)) {
            #expect(zeros(p.value) >= before, "\(name)")
            for (entry, pruned) in mask.entries where entry === p {
                #expect(pruned.allSatisfy { p.value.scalars[$0] == 0 }, "\(name)")
            }
            #expect(p.value != old, "\(name) did not train")
        }
    }

    @Test func withoutTheMaskFineTuningRegrowsPrunedWeights() throws {
        let m = try model()
        try MagnitudePruning(sparsity: 0.8).prune(m)
        var rng = SplitMix(seed: 9)
        let x = rng.tensor([64, 6, 3], scale: 1), y = rng.tensor([64, 2], scale: 1)
        let before = m.weightMatrices.map { zeros($0.parameter.value) }.reduce(0, +)
        try m.fit(x, y, epochs: 1, batchSize: 16, verbose: false)
        #expect(m.weightMatrices.map { zeros($0.parameter.value) }.reduce(0, +) < before)
    }

    @Test(arguments: [1.0, -0.1, 1.5, Double.nan])
    func aSparsityOutsideZeroToOneIsRefused(_ sparsity: Double) {
        #expect { try MagnitudePruning(sparsity: sparsity) } throws: { "\($0)".contains("sparsity must be in [0, 1)") }
    }
}
