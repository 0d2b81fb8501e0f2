import Foundation
import Testing
@testable import Neural

/// `wm nn predict` end to end through its underlying function: files in, file out, compared with
/// the framework's own output; and the one-line reasons of bad input.
@Suite struct PredictTests {
    func fixturePath(_ name: String) throws -> String {
        try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
            .appendingPathComponent(name + ".safetensors").path
    }

    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("predict-\(UInt64.random(in: 0...UInt64.max)).safetensors").path
    }

    @Test(arguments: [("keras_seed", "lstm,lstm_1,time_distributed", "y"),
                      ("torch_seed", "lstm1,lstm2,dense", "y"),
                      ("torch_lstm_bidirectional", "rnn", "out"),
                      ("keras_gru_reset_before", "gru", "out"),
                      ("keras_lstm_bidirectional", "bidirectional", "out")])
    func predictFileMatchesFrameworkOutput(name: String, layers: String, expected: String) throws {
        let path = try fixturePath(name)
        let out = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let report = try Predict.run(weightsPath: path, layers: layers.split(separator: ",").map(String.init),
                                     inputPath: path, outputPath: out)
        #expect(report.layers.count == layers.split(separator: ",").count)
        let y = try Safetensors(contentsOf: out).tensor("y")
        expectClose(y, try fixture(name).tensor(expected), "predict \(name) y")
    }

    @Test func acceptsSlashSeparatedPrefix() throws {
        let f = try fixture("keras_seed")
        let (y, _) = try Predict.run(weights: f, layers: ["lstm/", "lstm_1", "time_distributed"], x: f.tensor("x"))
        expectClose(y, try f.tensor("y"), "predict keras_seed with 'lstm/' prefix")
    }

    @Test func rejectsNaNInInputSayingWhere() throws {
        let f = try fixture("torch_lstm")
        var x = try f.tensor("x")
        x[1, 2, 0] = .nan
        #expect { try Predict.run(weights: f, layers: ["rnn"], x: x) } throws: { e in
            "\(e)".contains("[1, 2, 0]") && "\(e)".contains("nan")
        }
    }

    @Test func rejectsInputWithWrongFeatureCount() throws {
        let f = try fixture("torch_lstm")
        #expect(throws: NeuralError.self) { try Predict.run(weights: f, layers: ["rnn"], x: .zeros([1, 2, 7])) }
        #expect(throws: NeuralError.self) { try Predict.run(weights: f, layers: ["rnn"], x: .zeros([2, 3])) }
    }

    @Test func rejectsMissingFilesAndTensors() throws {
        let path = try fixturePath("torch_lstm")
        #expect(throws: SafetensorsError.self) {
            try Predict.run(weightsPath: "/nonexistent.safetensors", layers: ["rnn"], inputPath: path, outputPath: temporaryPath())
        }
        // keras_lstm's weights hold no 'x' for another file's sake: use a weights-only file as input.
        let weightsOnly = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: weightsOnly) }
        try Safetensors(tensors: ["w": .zeros([1])]).write(to: weightsOnly)
        #expect(throws: SafetensorsError.missingTensor(name: "x", available: ["w"])) {
            try Predict.run(weightsPath: path, layers: ["rnn"], inputPath: weightsOnly, outputPath: temporaryPath())
        }
        #expect(throws: WeightLoadingError.self) {
            try Predict.run(weightsPath: path, layers: ["lstm"], inputPath: path, outputPath: temporaryPath())
        }
    }

    @Test func denseActivationSuffixIsApplied() throws {
        let f = try fixture("torch_seed")
        let (probabilities, summaries) = try Predict.run(weights: f, layers: ["lstm1", "lstm2", "dense:softmax"], x: f.tensor("x"))
        #expect(summaries[2].hasSuffix("activation softmax"))
        // softmax of PyTorch's logits, by the definition
        var expected = try f.tensor("y")
        for r in 0..<12 {
            let row = expected.scalars[r * 10..<(r + 1) * 10].map { Foundation.exp(Double($0)) }
            let sum = row.reduce(0, +)
            for j in 0..<10 { expected.scalars[r * 10 + j] = Float(row[j] / sum) }
        }
        expectClose(probabilities, expected, "predict dense:softmax")
        #expect(throws: NeuralError.self) { try Predict.run(weights: f, layers: ["lstm1:relu"], x: f.tensor("x")) }
    }

    @Test func emptySequenceGivesEmptyOutput() throws {
        let f = try fixture("torch_seed")
        let (y, _) = try Predict.run(weights: f, layers: ["lstm1", "lstm2", "dense"], x: .zeros([2, 0, 100]))
        #expect(y.shape == [2, 0, 10])
        let (none, _) = try Predict.run(weights: f, layers: ["lstm1", "lstm2", "dense"], x: .zeros([0, 3, 100]))
        #expect(none.shape == [0, 3, 10])
    }
}
