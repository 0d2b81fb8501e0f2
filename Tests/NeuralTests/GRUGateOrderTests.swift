import Foundation
import Testing
@testable import Neural

/// A GRU built in Keras' gate order (z, r, h) is the same network wherever it goes: the inference
/// engine and a checkpoint see its blocks in the engine's order (r, z, n), as PyTorch reads them.
@Suite struct GRUGateOrderTests {
    static func random(_ shape: [Int], seed: UInt64) -> Tensor {
        var rng = SeededGenerator(seed: seed)
        var t = Tensor.zeros(shape)
        for i in 0..<t.count { t.scalars[i] = rng.uniform(-1, 1) }
        return t
    }

    /// A GRU (F 3, H 4) in Keras' order with random weights and biases, in a training model.
    static func kerasOrderModel(resetAfter: Bool) -> TrainingModel {
        let layer = TrainableRecurrent(
            cell: .gru(.keras), kernel: random([3, 12], seed: 1), recurrentKernel: random([4, 12], seed: 2),
            bias: random([12], seed: 3), recurrentBias: resetAfter ? random([12], seed: 4) : .zeros([12]),
            returnSequences: true)
        layer.resetAfter = resetAfter
        return TrainingModel(layers: [layer])
    }

    @Test(arguments: [true, false])
    func kerasOrderGRUsInferenceModelComputesTheTrainingModelsOutput(resetAfter: Bool) throws {
        let model = Self.kerasOrderModel(resetAfter: resetAfter)
        let x = Self.random([2, 5, 3], seed: 5)
        let trained = try model.predict(x)
        let inferred = try model.sequential()(x)
        #expect(trained.maxAbsDifference(inferred) <= 1e-6, "maxdiff \(trained.maxAbsDifference(inferred))")
    }

    @Test func kerasOrderGRUsCheckpointLoadsAsThePyTorchGRUOfTheSameOutput() throws {
        let model = Self.kerasOrderModel(resetAfter: true)
        let x = Self.random([2, 5, 3], seed: 6)
        let trained = try model.predict(x)
        let loaded = try WeightLoader(try model.checkpoint()).sequential(["layer0"]).model
        let fromFile = try loaded(x)
        #expect(trained.maxAbsDifference(fromFile) <= 1e-6, "maxdiff \(trained.maxAbsDifference(fromFile))")
    }

    @Test func kerasOrderGRUsCheckpointRestoresTheSameModel() throws {
        let model = Self.kerasOrderModel(resetAfter: true)
        let x = Self.random([2, 5, 3], seed: 7)
        let restored = try TrainingModel.restore(try model.checkpoint())
        #expect(try restored.predict(x).scalars == model.predict(x).scalars)
    }

    /// Older versions saved such a GRU with its blocks in Keras' order under PyTorch's names and
    /// `gateOrder: "keras"` in its spec; that file restores the same model, optimizer moments
    /// included (the next step writes the same weights).
    @Test func olderKerasOrderCheckpointRestoresTheSameTraining() throws {
        let model = Self.kerasOrderModel(resetAfter: true)
        model.compile(optimizer: .adam(learningRate: 0.01), loss: .mse)
        let x = Self.random([5, 2, 3], seed: 8), y = Self.random([5, 2, 4], seed: 9)  // time-major
        try model.trainOnBatch(x, y)
        var file = try model.checkpoint()
        let keras = GRUGateOrder.keras.canonicalBlocks
        for name in ["weight_ih_l0", "weight_hh_l0"] {
            let t = try #require(file.tensors["layer0." + name])
            file.tensors["layer0." + name] = try t.transposed().permutingColumnBlocks(keras).transposed()
        }
        for name in ["bias_ih_l0", "bias_hh_l0"] {
            file.tensors["layer0." + name] = try #require(file.tensors["layer0." + name]).permutingColumnBlocks(keras)
        }
        for (k, p) in model.parameters.enumerated() {
            for moment in ["optimizer.\(k).first", "optimizer.\(k).second"] {
                let m = try #require(file.tensors[moment])
                file.tensors[moment] = try m.reshaped(p.value.shape).permutingColumnBlocks(keras).reshaped([m.count])
            }
        }
        let architecture = try #require(file.metadata["wm.architecture"])
        #expect(architecture.contains("\"gateOrder\":\"pytorch\""))
        file.metadata["wm.architecture"] = architecture.replacingOccurrences(of: "\"pytorch\"", with: "\"keras\"")
        let restored = try TrainingModel.restore(file)
        try model.trainOnBatch(x, y)
        try restored.trainOnBatch(x, y)
        for (a, b) in zip(model.parameters, restored.parameters) { #expect(a.value.scalars == b.value.scalars, "\(a.name)") }
    }
}
