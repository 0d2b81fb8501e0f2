import Foundation
import Testing
@testable import Neural

/// Damaged and unsupported `.keras` files (scripts/fixtures/make_keras_fixtures.py, keras-bad/):
/// each gives one `KerasError` that names what was wrong, never a crash.
@Suite struct KerasBadInputTests {
    func error(_ name: String) throws -> KerasError {
        let path = try KerasFixtures.path(name, bad: true)
        do {
            _ = try KerasModel(contentsOf: path)
        } catch let e as KerasError {
            return e
        }
        Issue.record("\(name) loaded without an error")
        throw KerasError.unsupportedModel(reason: "no error")
    }

    @Test func aFileThatIsNoZipIsRefused() throws {
        guard case .notAKerasArchive(_, let reason) = try error("not_zip.keras") else { Issue.record("wrong error"); return }
        #expect(reason == "not a zip file")
    }

    @Test func aWeightsFileGivenAsAModelIsToldApart() throws {
        let path = try KerasFixtures.path("weights_only.weights.h5")
        #expect(throws: KerasError.notAKerasArchive(
            path: path, reason: "an HDF5 file, not a zip (a Keras 2 .h5 model or a weights file: run it with --weights and --layers)")) {
            try KerasModel(contentsOf: path)
        }
    }

    @Test func aZipWithoutAModelNamesWhatItHolds() throws {
        let e = try error("not_keras.keras")
        #expect(e.description.contains("no config.json (it holds readme.txt)"), "\(e)")
    }

    @Test func aMissingFileIsNamed() throws {
        #expect(throws: KerasError.notAKerasArchive(path: "/no/such/model.keras", reason: "no such file")) {
            try KerasModel(contentsOf: "/no/such/model.keras")
        }
    }

    @Test func anArchiveWithoutWeightsIsRefused() throws {
        #expect(try error("no_weights.keras").description.contains("no model.weights.h5"))
    }

    @Test func truncatedWeightsAreReportedAsDamaged() throws {
        guard case .unreadableWeights(let file, let reason) = try error("truncated_weights.keras") else { Issue.record("wrong error"); return }
        #expect(file == "model.weights.h5")
        #expect(reason.hasPrefix("HDF5 cannot open it (truncated or damaged?)"), "\(reason)")
    }

    @Test func aDamagedZipEntryIsCaughtByItsChecksum() throws {
        #expect(try error("crc_mismatch.keras").description.contains("model.weights.h5 is damaged (its CRC-32 does not match the zip's record)"))
    }

    @Test func weightsThatAreNoHDF5AreRefused() throws {
        #expect(try error("weights_not_hdf5.keras") == .unreadableWeights(file: "model.weights.h5", reason: "not an HDF5 file (no HDF5 signature at its start)"))
    }

    @Test func configAndWeightsThatDisagreeNameTheTensor() throws {
        #expect(try error("shape_mismatch.keras") == .weightShape(layer: "dense", weight: "kernel (layers/dense/vars/0)", expected: [4, 3], actual: [4, 2]))
    }

    @Test func aMissingWeightIsNamed() throws {
        #expect(try error("missing_weight.keras") == .missingWeight(layer: "dense", weight: "bias (layers/dense/vars/1)", found: ["layers/dense/vars/0"]))
    }

    @Test func nanWeightsAreRefusedNamingTheTensor() throws {
        guard case let .nonFiniteWeight(layer, weight, index, value) = try error("nan_weight.keras") else { Issue.record("wrong error"); return }
        #expect(layer == "lstm")
        #expect(weight == "cell/recurrent_kernel (layers/lstm/cell/vars/1)")
        #expect(index == 5)
        #expect(value.isNaN)
    }

    @Test func anUnsupportedLayerIsNamedWithWhatIsSupported() throws {
        #expect(try error("unsupported_conv1d.keras").description
            == "layer 'conv1d_3' of class Conv1D is not supported; supported: InputLayer, LSTM, GRU, Dense, TimeDistributed, Bidirectional, Embedding, Activation, ReLU, Softmax, Dropout, SpatialDropout1D")
    }

    @Test func anUnsupportedOptionIsNamed() throws {
        #expect(try error("unsupported_activation.keras")
            == .unsupportedOption(layer: "relu_lstm", className: "LSTM", option: "activation", value: "'relu'", supported: "'tanh'"))
    }

    @Test func inputOfTheWrongWidthIsRefused() throws {
        let model = try KerasModel(contentsOf: KerasFixtures.path("lstm_sequences.keras"))
        #expect(throws: NeuralError.invalidShape("'\(model.architecture.name)' reads x [N, T, 3], got [1, 2, 4]")) {
            try model.predict(.zeros([1, 2, 4]))
        }
    }

    @Test func nanInputIsRefused() throws {
        let model = try KerasModel(contentsOf: KerasFixtures.path("lstm_sequences.keras"))
        var x = Tensor.zeros([1, 2, 3])
        x.scalars[4] = .nan
        #expect(throws: NeuralError.self) { try model.predict(x) }
    }

    @Test func idsOutsideTheVocabularyAreRefused() throws {
        let model = try KerasModel(contentsOf: KerasFixtures.path("embedding_lstm_softmax.keras"))
        #expect(throws: NeuralError.self) { try model.predict(try Tensor(shape: [1, 2], scalars: [1, 7])) }
    }
}
