import Foundation
import Testing
@testable import Neural

/// `Quantization.int8Checkpoint`: the file format (I8 + F32 scales), loading it wherever a
/// checkpoint loads, and the refusals.
@Suite struct QuantizedCheckpointTests {
    func model(seed: UInt64 = 1) throws -> TrainingModel {
        let m = try TrainingModel([.lstm(16, returnSequences: true, inputSize: 3), .gru(8, returnSequences: true), .timeDistributed(.dense(2))], seed: seed)
        m.compile(optimizer: .adam(), loss: .mse)
        return m
    }

    @Test func weightMatricesAreStoredAsI8WithOneF32ScalePerOutputChannel() throws {
        let q = try Quantization.int8Checkpoint(try model().checkpoint())
        let bytes = q.encoded()
        let headerLength = bytes.prefix(8).withUnsafeBytes { Int($0.loadUnaligned(as: UInt64.self)) }
        let header = try JSONSerialization.jsonObject(with: bytes[8..<(8 + headerLength)]) as! [String: Any]
        let ih = header["layer0.weight_ih_l0"] as! [String: Any]
        #expect(ih["dtype"] as? String == "I8")
        #expect(ih["shape"] as? [Int] == [64, 3])
        let scale = header["layer0.weight_ih_l0.scale"] as! [String: Any]
        #expect(scale["dtype"] as? String == "F32")
        #expect(scale["shape"] as? [Int] == [64])
        #expect((header["layer2.weight"] as! [String: Any])["dtype"] as? String == "I8")
        #expect((header["layer0.bias_ih_l0"] as! [String: Any])["dtype"] as? String == "F32")
        #expect((header["__metadata__"] as! [String: String])[Quantization.metadataKey] == Quantization.int8Scheme)
    }

    // A channel costs its K bytes plus a 4-byte scale against 4K bytes: 4K / (K + 4) ≥ 3.5 from K = 28 on.
    @Test func weightMatricesOf32OrMoreInputsShrinkAtLeast3Point5Times() throws {
        let m = try TrainingModel([.lstm(32, inputSize: 64), .dense(4)], seed: 2)
        m.compile(optimizer: .adam(), loss: .mse)
        let q = try Quantization.int8Checkpoint(try m.checkpoint())
        let floats = m.weightMatrices.reduce(0) { $0 + 4 * $1.parameter.value.count }
        let int8 = q.int8.values.reduce(0) { $0 + $1.byteCount }
        #expect(Double(floats) / Double(int8) >= 3.5, "\(floats) → \(int8)")
    }

    @Test func aQuantizedCheckpointRestoresAsAModelWithTheDequantisedWeights() throws {
        let original = try model()
        let q = try Quantization.int8Checkpoint(try original.checkpoint())
        let read = try Safetensors(data: q.encoded())
        #expect(read.int8 == q.int8)
        let restored = try TrainingModel.restore(read)
        for (name, p) in restored.weightMatrices {
            #expect(try p.value.transposed() == q.int8[name]!.dequantized(), "\(name)")
        }
        let x = SplitMix(seed: 3).tensorCopy([2, 5, 3])
        let difference = try original.predict(x).maxAbsDifference(try restored.predict(x))
        #expect(difference < 0.05 && difference > 0, "\(difference)")
    }

    @Test func predictRunsAQuantizedCheckpointOnItsInt8Weights() throws {
        let q = try Safetensors(data: try Quantization.int8Checkpoint(try model().checkpoint()).encoded())
        let x = SplitMix(seed: 4).tensorCopy([1, 6, 3])
        let (y, summaries) = try Predict.run(weights: q, layers: ["layer0", "layer1", "layer2"], x: x)
        #expect(summaries.allSatisfy { $0.hasSuffix("int8 weights") }, "\(summaries)")
        let int8 = try Quantization.int8Sequential(q)
        #expect(y == (try int8(x)))
    }

    @Test func quantizingNaNWeightsIsRefusedNamingTheParameter() throws {
        let m = try model()
        m.layers[1].namedParameters[1].parameter.value.scalars[5] = .nan
        #expect { try Quantization.int8Checkpoint(try m.checkpoint()) } throws: {
            "\($0)".contains("'layer1.weight_hh_l0' holds nan")
        }
    }

    @Test func aFileWithoutArchitectureIsRefused() throws {
        let file = Safetensors(tensors: ["w": .zeros([2, 2])])
        #expect { try Quantization.int8Checkpoint(file) } throws: { "\($0)".contains("not a training checkpoint") }
    }

    @Test func anI8ValueOfMinus128IsRefusedOnReading() throws {
        let q = try Int8Tensor(channels: 1, inputs: 2, values: [1, 2], scales: [0.5])
        var bytes = Safetensors(tensors: [:], int8: ["w": q]).encoded()
        bytes[bytes.count - 1] = 0x80
        #expect { try Safetensors(data: bytes) } throws: { "\($0)".contains("−128") }
    }
}

extension SplitMix {
    /// A tensor of uniform values in [−1, 1), from a copy of the generator.
    func tensorCopy(_ shape: [Int]) -> Tensor {
        var g = self
        return g.tensor(shape, scale: 1)
    }
}
