import Foundation
import Neural
import Testing

/// `wm nn predict` end to end on a committed Keras fixture (weights, input x and Keras' output y in one file).
@Suite struct NNPredictCommandTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("NeuralTests/Fixtures/keras_seed.safetensors").path

    @Test func predictWritesKerasOutput() throws {
        let t = try TemporaryFolder()
        let out = t.path("y.safetensors")
        let r = try WMProcess.run(["nn", "predict", "--weights", Self.fixture, "--layers", "lstm,lstm_1,time_distributed",
                                   "--input", Self.fixture, "--output", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").last?.hasSuffix("written to \(out)") == true)
        let y = try Safetensors(contentsOf: out).tensor("y")
        let expected = try Safetensors(contentsOf: Self.fixture).tensor("y")
        #expect(y.shape == expected.shape)
        #expect(y.maxAbsDifference(expected) <= 1e-5)
    }

    @Test func missingLayerPrefixExitsWithOneLine() throws {
        let t = try TemporaryFolder()
        let out = t.path("y.safetensors")
        let r = try WMProcess.run(["nn", "predict", "--weights", Self.fixture, "--layers", "lstm,no_such_layer",
                                   "--input", Self.fixture, "--output", out])
        #expect(r.status != 0)
        #expect(r.errorLines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("no_such_layer"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func predictRunsAPyTorchEmbeddingModelOnIds() throws {
        let fixture = Self.fixture.replacingOccurrences(of: "keras_seed", with: "torch_embedding")
        let t = try TemporaryFolder()
        let out = t.path("y.safetensors")
        let r = try WMProcess.run(["nn", "predict", "--weights", fixture, "--layers", "emb:embedding,rnn,dense",
                                   "--input", fixture, "--output", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("emb: PyTorch Embedding 7 ids → 3\n"), "\(r.stdout)")
        let y = try Safetensors(contentsOf: out).tensor("y")
        #expect(y.maxAbsDifference(try Safetensors(contentsOf: fixture).tensor("y")) <= 1e-5)
    }

    @Test func predictRunsATrainingCheckpointWithAnEmbedding() throws {
        let model = try TrainingModel([.embedding(vocabularySize: 6, dimension: 3), .gru(5, returnSequences: true),
                                       .timeDistributed(.dense(2, activation: .sigmoid))], seed: 4)
        model.compile(optimizer: .adam(), loss: .mse)
        let t = try TemporaryFolder()
        let (checkpoint, input, out) = (t.path("model.safetensors"), t.path("x.safetensors"), t.path("y.safetensors"))
        try model.saveCheckpoint(to: checkpoint)
        let ids = try Tensor(shape: [2, 3, 1], scalars: [5, 0, 2, 1, 1, 4])
        try Safetensors(tensors: ["x": ids]).write(to: input)
        let r = try WMProcess.run(["nn", "predict", "--weights", checkpoint, "--layers", "layer0,layer1,layer2",
                                   "--input", input, "--output", out])
        #expect(r.status == 0, "\(r.stderr)")
        let y = try Safetensors(contentsOf: out).tensor("y")
        let expected = try model.predict(try ids.reshaped([2, 3]))
        #expect(y.shape == [2, 3, 2])
        #expect(y.maxAbsDifference(expected) <= 1e-6)
        // An id outside the vocabulary: one line, exit 1, no output file.
        try Safetensors(tensors: ["x": try Tensor(shape: [1, 2], scalars: [1, 6])]).write(to: input)
        try FileManager.default.removeItem(atPath: out)
        let bad = try WMProcess.run(["nn", "predict", "--weights", checkpoint, "--layers", "layer0,layer1,layer2",
                                     "--input", input, "--output", out])
        #expect(bad.status == 1)
        #expect(bad.errorLines.count == 1 && bad.stderr.contains("out of range"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}

/// `wm nn predict` never writes its output over an input.
@Suite struct NNPredictFileTests {
    @Test func anOutputEqualToTheWeightsIsRefusedAndTheModelKept() throws {
        let t = try TemporaryFolder()
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("NeuralTests/Fixtures/keras_seed.safetensors")
        let weights = t.path("model.safetensors")
        try FileManager.default.copyItem(at: fixture, to: URL(fileURLWithPath: weights))
        let before = try Data(contentsOf: URL(fileURLWithPath: weights))
        try FileManager.default.createSymbolicLink(atPath: t.path("link.safetensors"), withDestinationPath: weights)
        for output in [weights, t.path("link.safetensors")] {
            let r = try WMProcess.run(["nn", "predict", "--weights", weights, "--input", weights, "--output", output,
                                       "--layers", "lstm,lstm_1,time_distributed"])
            #expect(r.status != 0)
            #expect(r.stderr.contains("is the --weights file"), "\(r.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: weights)) == before)
    }
}
