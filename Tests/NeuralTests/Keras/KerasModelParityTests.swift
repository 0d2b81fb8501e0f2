import Foundation
import Testing
@testable import Neural

/// `.keras` archives run as Keras runs them: every committed model (named architectures, the seed
/// script's model and random combinations) gives Keras' `predict` output within 1e-5.
@Suite struct KerasModelParityTests {
    @Test func everyFixtureModelMatchesKerasPredict() throws {
        let names = try KerasFixtures.models()
        #expect(names.count >= 25, "fixtures found: \(names)")
        for name in names {
            let model = try KerasModel(contentsOf: KerasFixtures.path(name + ".keras"))
            let io = try Safetensors(contentsOf: KerasFixtures.path(name + ".safetensors"))
            expectClose(try model.predict(io.tensor("x")), try io.tensor("y"), "keras \(name)")
        }
    }

    @Test func modelsNoTestNamesAreAmongTheFixtures() throws {
        let random = try KerasFixtures.models().filter { $0.hasPrefix("random_") }
        #expect(random.count >= 8)
    }

    @Test func theSeedScriptsArchiveRunsUnchanged() throws {
        let model = try KerasModel(contentsOf: KerasFixtures.path("seed.keras"))
        let io = try Safetensors(contentsOf: KerasFixtures.path("seed.safetensors"))
        #expect(model.specs == [.lstm(units: 128, inputSize: 100, returnSequences: true, stateful: false),
                                .lstm(units: 64, inputSize: 128, returnSequences: true, stateful: false),
                                .timeDistributed(.dense(units: 10, inputSize: 64, activation: .linear))])
        expectClose(try model.predict(io.tensor("x")), try io.tensor("y"), "keras seed.keras")
    }

    @Test func theSeedModelStreamsStepByStepAsItRunsWhole() throws {
        let model = try KerasModel(contentsOf: KerasFixtures.path("seed.keras"))
        let x = try Safetensors(contentsOf: KerasFixtures.path("seed.safetensors")).tensor("x")
        let whole = try model.predict(x)
        let stream = try model.sequential.stream(batchSize: x.shape[0])
        let (n, t, f) = (x.shape[0], x.shape[1], x.shape[2])
        for step in 0..<t {
            var xt = Tensor.zeros([n, f])
            for b in 0..<n { for j in 0..<f { xt.scalars[b * f + j] = x.scalars[(b * t + step) * f + j] } }
            let y = try stream.step(xt)
            for b in 0..<n {
                for j in 0..<10 { #expect(abs(y.scalars[b * 10 + j] - whole.scalars[(b * t + step) * 10 + j]) <= 1e-5) }
            }
        }
    }

    @Test func aLoadedModelConvertsToATrainingModelWithTheSameOutput() throws {
        let model = try KerasModel(contentsOf: KerasFixtures.path("bidirectional_lstm_concat.keras"))
        let io = try Safetensors(contentsOf: KerasFixtures.path("bidirectional_lstm_concat.safetensors"))
        let trainable = try TrainingModel(model.sequential)
        #expect(trainable.layers.map(\.spec) == model.specs.compactMap { $0 })
        expectClose(try trainable.sequential()(io.tensor("x")), try io.tensor("y"), "keras → TrainingModel")
    }

    @Test func aKerasWeightsFileRunsWithALayerList() throws {
        let io = try Safetensors(contentsOf: KerasFixtures.path("weights_only.safetensors"))
        let layers = try #require(io.metadata["layers"]).split(separator: ",").map(String.init)
        let weights = try Safetensors(kerasWeightsAt: KerasFixtures.path("weights_only.weights.h5"))
        let (y, summaries) = try Predict.run(weights: weights, layers: layers, x: io.tensor("x"))
        #expect(summaries.count == 3)
        expectClose(y, try io.tensor("y"), "keras weights_only.weights.h5")
    }
}
