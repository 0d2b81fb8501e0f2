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
}
