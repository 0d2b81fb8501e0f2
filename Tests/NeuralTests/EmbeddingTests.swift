import Foundation
import Testing
@testable import Neural

/// The inference `Embedding` against PyTorch and Keras, its id checks, and the way from a training
/// model with an embedding to an inference model and `Predict` (what `wm nn predict` runs).
@Suite struct EmbeddingTests {
    @Test func pytorchEmbeddingLSTMLinearMatchesPyTorch() throws {
        let f = try fixture("torch_embedding")
        let loaded = try WeightLoader(f).layers(["emb", "rnn", "dense"], embeddings: ["emb"])
        #expect(loaded[0].summary == "emb: PyTorch Embedding 7 ids → 3")
        let outputs = try Sequential(loaded.map(\.layer)).layerOutputs(try f.tensor("x"))
        expectClose(outputs[0], try f.tensor("emb_out"), "torch emb_out")
        expectClose(outputs[2], try f.tensor("y"), "torch embedding y")
    }

    @Test func kerasEmbeddingIsInferredFromItsNameAndMatchesKeras() throws {
        let f = try fixture("keras_embedding")
        let (model, summaries) = try WeightLoader(f).sequential(["embedding", "lstm", "dense"])
        #expect(summaries[0] == "embedding: Keras Embedding 6 ids → 3")
        let outputs = try model.layerOutputs(try f.tensor("x"))
        expectClose(outputs[0], try f.tensor("embedding_out"), "keras embedding_out")
        expectClose(outputs[2], try f.tensor("y"), "keras embedding y")
    }

    /// Timesteps t0..<t1 of ids (N, T) as a stream chunk (N, t1 − t0, 1).
    static func chunk(_ ids: Tensor, _ t0: Int, _ t1: Int) throws -> Tensor {
        let (n, t) = (ids.shape[0], ids.shape[1])
        var scalars: [Float] = []
        for s in 0..<n { for i in t0..<t1 { scalars.append(ids.scalars[s * t + i]) } }
        return try Tensor(shape: [n, t1 - t0, 1], scalars: scalars)
    }

    /// Chunks (N, t, D) put back together along the time axis.
    static func joined(_ parts: [Tensor]) throws -> Tensor {
        let n = parts[0].shape[0], d = parts[0].shape[2], t = parts.map { $0.shape[1] }.reduce(0, +)
        var scalars: [Float] = []
        for s in 0..<n { for p in parts { scalars += p.scalars[s * p.shape[1] * d ..< (s + 1) * p.shape[1] * d] } }
        return try Tensor(shape: [n, t, d], scalars: scalars)
    }

    @Test func aStreamedEmbeddingModelMatchesPyTorchChunkByChunk() throws {
        let f = try fixture("torch_embedding")
        let model = Sequential(try WeightLoader(f).layers(["emb", "rnn", "dense"], embeddings: ["emb"]).map(\.layer))
        let stream = try model.stream(batchSize: 2)
        #expect(stream.inputWidth == 1)
        let x = try f.tensor("x")
        // 1 step, then a chunk of 3, then 1 step: the LSTM state carries across calls.
        let y = try Self.joined([try stream(try Self.chunk(x, 0, 1)), try stream(try Self.chunk(x, 1, 4)),
                                 try stream(try Self.chunk(x, 4, 5))])
        expectClose(y, try f.tensor("y"), "streamed embedding model y")
        stream.reset()
        expectClose(try stream(try Self.chunk(x, 0, 5)), try f.tensor("y"), "after reset")
    }

    @Test func aBadIdInAStreamIsRejectedAndTheCarriedStateIsKept() throws {
        let f = try fixture("torch_embedding")
        let model = Sequential(try WeightLoader(f).layers(["emb", "rnn", "dense"], embeddings: ["emb"]).map(\.layer))
        let stream = try model.stream(batchSize: 2)
        let x = try f.tensor("x")
        var parts = [try stream(try Self.chunk(x, 0, 2))]
        for bad: Float in [.nan, 7, -1, 2.5] {
            let step = try Tensor(shape: [2, 1], scalars: [1, bad])
            #expect {
                _ = try stream.step(step)
            } throws: { error in
                guard case NeuralError.invalidArgument(let message) = error else { return false }
                return message.contains("flat index 1") && message.contains("0..<7")
            }
        }
        parts.append(try stream(try Self.chunk(x, 2, 5)))
        expectClose(try Self.joined(parts), try f.tensor("y"), "y after rejected steps")
    }

    @Test func idsWithATrailingAxisOfOneGiveTheSameVectors() throws {
        let f = try fixture("torch_embedding")
        let e = try #require(try WeightLoader(f).embedding("emb").layer as? Embedding)
        let x = try f.tensor("x")
        let a = try e(x), b = try e(try x.reshaped(x.shape + [1]))
        #expect(a.shape == [2, 5, 3])
        #expect(a == b)
        #expect(try e(try Tensor(shape: [2], scalars: [6, 0])).shape == [2, 3])
    }

    @Test(arguments: [
        (Float.nan, "NaN"), (1.5, "not an integer"), (-1, "negative"), (7, "out of range"), (Float.infinity, "infinite"),
    ])
    func badIdsAreRejectedWithTheirPositionAndReason(bad: Float, reason: String) throws {
        let e = try Embedding(table: .zeros([7, 3]))
        let x = try Tensor(shape: [1, 3], scalars: [0, bad, 2])
        #expect {
            _ = try e(x)
        } throws: { error in
            guard case NeuralError.invalidArgument(let m) = error else { return false }
            return m.contains("index 1") && m.contains(reason) && m.contains("0..<7")
        }
    }

    @Test func idsOfAnotherShapeAreRejected() throws {
        let e = try Embedding(table: .zeros([7, 3]))
        #expect(throws: NeuralError.self) { _ = try e(.zeros([2, 3, 2])) }
        #expect(throws: NeuralError.self) { _ = try Embedding(table: .zeros([7])) }
    }

    /// A model trained with an embedding, its inference model, and its checkpoint run by `Predict`.
    static func trainedEmbeddingModel() throws -> (TrainingModel, ids: Tensor) {
        let model = try TrainingModel([.embedding(vocabularySize: 5, dimension: 3), .lstm(4, returnSequences: true),
                                       .timeDistributed(.dense(2, activation: .tanh))], seed: 2)
        model.compile(optimizer: .adam(learningRate: 0.05), loss: .mse)
        let ids = try Tensor(shape: [3, 4], scalars: [0, 1, 2, 3, 4, 4, 3, 2, 1, 0, 0, 1])
        var y = Tensor.zeros([3, 4, 2])
        for i in 0..<y.count { y.scalars[i] = Float(i % 3) * 0.3 - 0.3 }
        _ = try model.fit(ids, y, epochs: 3, batchSize: 3, verbose: false)
        return (model, ids)
    }

    @Test func aTrainingModelWithAnEmbeddingBecomesAnInferenceModel() throws {
        let (model, ids) = try Self.trainedEmbeddingModel()
        let expected = try model.predict(ids)
        let inference = try model.sequential()
        #expect(inference.layers[0] is Embedding)
        expectClose(try inference(ids), expected, "sequential() vs predict")
        // And back: an inference model with an embedding can be trained.
        let again = try TrainingModel(inference)
        expectClose(try again.predict(ids), expected, "TrainingModel(sequential) vs predict")
    }

    @Test func predictRunsACheckpointWithAnEmbeddingWithoutSuffixes() throws {
        let (model, ids) = try Self.trainedEmbeddingModel()
        let file = try Safetensors(data: try model.checkpoint().encoded())
        let (y, summaries) = try Predict.run(weights: file, layers: ["layer0", "layer1", "layer2"], x: ids)
        #expect(summaries[0].contains("Embedding 5 ids → 3"))
        #expect(summaries[2].hasSuffix("activation tanh"))
        expectClose(y, try model.predict(ids), "Predict on checkpoint vs predict")
        let x3 = try ids.reshaped([3, 4, 1])
        expectClose(try Predict.run(weights: file, layers: ["layer0", "layer1", "layer2"], x: x3).y, y, "ids [N, T, 1]")
    }

    @Test func predictRejectsANaNIdWithItsPosition() throws {
        let f = try fixture("torch_embedding")
        var x = try f.tensor("x")
        x.scalars[6] = .nan
        #expect {
            _ = try Predict.run(weights: f, layers: ["emb:embedding", "rnn", "dense"], x: x)
        } throws: { error in
            "\(error)".contains("nan at [1, 1]")
        }
    }
}
