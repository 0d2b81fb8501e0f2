import Foundation
import Neural
import Testing

/// `wm nn predict --model FILE.keras` end to end on the committed Keras archives.
@Suite struct NNPredictKerasCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("NeuralTests/Fixtures")

    static func fixture(_ name: String, bad: Bool = false) -> String {
        fixtures.appendingPathComponent(bad ? "keras-bad" : "keras").appendingPathComponent(name).path
    }

    @Test func theSeedArchiveGivesKerasPredictOutput() throws {
        let t = try TemporaryFolder()
        let out = t.path("y.safetensors")
        let r = try WMProcess.run(["nn", "predict", "--model", Self.fixture("seed.keras"),
                                   "--input", Self.fixture("seed.safetensors"), "--output", out])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 4, "\(r.stdout)")
        #expect(lines.first?.hasSuffix("(LSTM): 100 → 128, return_sequences=True") == true, "\(r.stdout)")
        #expect(lines.last == "x [2, 6, 100] → y [2, 6, 10] written to \(out)")
        let y = try Safetensors(contentsOf: out).tensor("y")
        #expect(y.maxAbsDifference(try Safetensors(contentsOf: Self.fixture("seed.safetensors")).tensor("y")) <= 1e-5)
    }

    @Test func aDamagedArchiveExitsWithOneLineNamingTheTensor() throws {
        let t = try TemporaryFolder()
        let out = t.path("y.safetensors")
        let r = try WMProcess.run(["nn", "predict", "--model", Self.fixture("nan_weight.keras", bad: true),
                                   "--input", Self.fixture("lstm_sequences.safetensors"), "--output", out])
        #expect(r.status == 1)
        #expect(r.errorLines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("layer 'lstm': weight 'cell/recurrent_kernel (layers/lstm/cell/vars/1)' holds nan"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func modelWithLayersIsRefused() throws {
        let t = try TemporaryFolder()
        let r = try WMProcess.run(["nn", "predict", "--model", Self.fixture("seed.keras"), "--layers", "lstm",
                                   "--input", Self.fixture("seed.safetensors"), "--output", t.path("y.safetensors")])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--model carries its own architecture and weights"), "\(r.stderr)")
    }

    @Test func aKerasWeightsFileRunsWithItsLayerList() throws {
        let t = try TemporaryFolder()
        let out = t.path("y.safetensors")
        let r = try WMProcess.run(["nn", "predict", "--weights", Self.fixture("weights_only.weights.h5"),
                                   "--layers", "lstm,gru,time_distributed",
                                   "--input", Self.fixture("weights_only.safetensors"), "--output", out])
        #expect(r.status == 0, "\(r.stderr)")
        let y = try Safetensors(contentsOf: out).tensor("y")
        #expect(y.maxAbsDifference(try Safetensors(contentsOf: Self.fixture("weights_only.safetensors")).tensor("y")) <= 1e-5)
    }
}
