import Foundation
import Neural
import Testing

/// `wm nn quantize` and `wm nn prune` end to end: standard checkpoints out, clear refusals.
@Suite struct NNLeanCommandTests {
    /// A small trained-shape checkpoint (LSTM 8 → Dense 1, as `wm nn train --task adding` builds).
    func checkpoint(_ t: TemporaryFolder, nan: Bool = false) throws -> String {
        let model = try TrainingModel([.lstm(8, inputSize: 2), .dense(1)], seed: 3)
        model.compile(optimizer: .adam(), loss: .mse)
        if nan { model.layers[0].namedParameters[0].parameter.value.scalars[3] = .nan }
        let path = t.path(nan ? "nan.safetensors" : "model.safetensors")
        try model.saveCheckpoint(to: path)
        return path
    }

    @Test func quantizeWritesACheckpointThatPredictAndRestoreRead() throws {
        let t = try TemporaryFolder()
        let input = try checkpoint(t), out = t.path("q.safetensors")
        let r = try WMProcess.run(["nn", "quantize", input, out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("3 weight matrices in int8"), "\(r.stdout)")
        let q = try Safetensors(contentsOf: out)
        #expect(q.int8.keys.sorted() == ["layer0.weight_hh_l0", "layer0.weight_ih_l0", "layer1.weight"])
        _ = try TrainingModel.loadCheckpoint(from: out)
        let x = t.path("x.safetensors")
        try Safetensors(tensors: ["x": Tensor(shape: [1, 4, 2], repeating: 0.5)]).write(to: x)
        let p = try WMProcess.run(["nn", "predict", "--weights", out, "--layers", "layer0,layer1", "--input", x, "--output", t.path("y.safetensors")])
        #expect(p.status == 0, "\(p.stderr)")
        #expect(p.stdout.contains("int8 weights"), "\(p.stdout)")
    }

    @Test func quantizingOverTheInputIsRefusedAndTheInputKept() throws {
        let t = try TemporaryFolder()
        let input = try checkpoint(t)
        let before = try Data(contentsOf: URL(fileURLWithPath: input))
        let r = try WMProcess.run(["nn", "quantize", input, input])
        #expect(r.status != 0)
        #expect(r.errorLines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("is the IN file"), "\(r.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == before)
    }

    @Test func quantizingNaNWeightsFailsNamingTheTensorAndWritesNothing() throws {
        let t = try TemporaryFolder()
        let input = try checkpoint(t, nan: true), out = t.path("q.safetensors")
        let r = try WMProcess.run(["nn", "quantize", input, out])
        #expect(r.status != 0)
        #expect(r.stderr.contains("'layer0.weight_ih_l0' holds nan"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func pruneReachesTheSparsityInTheWrittenCheckpoint() throws {
        let t = try TemporaryFolder()
        let input = try checkpoint(t), out = t.path("p.safetensors")
        let r = try WMProcess.run(["nn", "prune", input, out, "--sparsity", "0.75"])
        #expect(r.status == 0, "\(r.stderr)")
        let w = try Safetensors(contentsOf: out).tensor("layer0.weight_hh_l0")
        #expect(w.scalars.filter { $0 == 0 }.count == 192, "of \(w.count)")
    }

    @Test func pruneWithFineTuningKeepsTheSparsity() throws {
        let t = try TemporaryFolder()
        let input = try checkpoint(t), out = t.path("p.safetensors")
        let r = try WMProcess.run(["nn", "prune", input, out, "--sparsity", "0.5", "--fine-tune-epochs", "1",
                                   "--task", "adding", "--fine-tune-samples", "128"])
        #expect(r.status == 0, "\(r.stderr)")
        let pruned = try Safetensors(contentsOf: out)
        let original = try Safetensors(contentsOf: input)
        let w = try pruned.tensor("layer0.weight_hh_l0")
        #expect(w.scalars.filter { $0 == 0 }.count >= 128)
        #expect(try pruned.tensor("layer0.bias_ih_l0") != original.tensor("layer0.bias_ih_l0"), "fine-tuning changed nothing")
    }

    @Test(arguments: ["1", "-0.5", "nan"])
    func aSparsityOutsideZeroToOneIsRefused(_ sparsity: String) throws {
        let t = try TemporaryFolder()
        let input = try checkpoint(t)
        let r = try WMProcess.run(["nn", "prune", input, t.path("p.safetensors"), "--sparsity=\(sparsity)"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("must be in [0, 1)"), "\(r.stderr)")
    }
}
