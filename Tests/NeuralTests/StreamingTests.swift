import Testing
@testable import Neural

/// Stateful streaming: feeding a sequence one step or one chunk at a time, with the state carried
/// between calls, gives what PyTorch / Keras give for the whole sequence.
@Suite struct StreamingTests {
    /// Timestep t of (N, T, F) as (N, F).
    func timestep(_ x: Tensor, _ t: Int) throws -> Tensor {
        let (n, steps, f) = (x.shape[0], x.shape[1], x.shape[2])
        var out: [Float] = []
        for b in 0..<n { out += x.scalars[(b * steps + t) * f..<(b * steps + t + 1) * f] }
        return try Tensor(shape: [n, f], scalars: out)
    }

    /// Timesteps start..<end of (N, T, F) as (N, end − start, F).
    func chunk(_ x: Tensor, _ start: Int, _ end: Int) throws -> Tensor {
        let (n, steps, f) = (x.shape[0], x.shape[1], x.shape[2])
        var out: [Float] = []
        for b in 0..<n { out += x.scalars[(b * steps + start) * f..<(b * steps + end) * f] }
        return try Tensor(shape: [n, end - start, f], scalars: out)
    }

    /// Stacks per-step (N, U) outputs into (N, T, U).
    func stack(_ steps: [Tensor]) throws -> Tensor {
        let (n, u) = (steps[0].shape[0], steps[0].shape[1])
        var out = [Float](repeating: 0, count: n * steps.count * u)
        for (t, s) in steps.enumerated() {
            for b in 0..<n {
                out.replaceSubrange((b * steps.count + t) * u..<(b * steps.count + t + 1) * u, with: s.scalars[b * u..<(b + 1) * u])
            }
        }
        return try Tensor(shape: [n, steps.count, u], scalars: out)
    }

    @Test func seedModelStreamedStepByStepMatchesKeras() throws {
        let f = try fixture("keras_seed")
        let (model, _) = try WeightLoader(f).sequential(["lstm", "lstm_1", "time_distributed"])
        let x = try f.tensor("x")
        let stream = try model.stream(batchSize: x.shape[0])
        let steps = try (0..<x.shape[1]).map { try stream.step(timestep(x, $0)) }
        expectClose(try stack(steps), try f.tensor("y"), "keras_seed streamed step by step")
    }

    @Test func seedModelStreamedInUnevenChunksMatchesPyTorch() throws {
        let f = try fixture("torch_seed")
        let (model, _) = try WeightLoader(f).sequential(["lstm1", "lstm2", "dense"])
        let x = try f.tensor("x")
        let stream = try model.stream(batchSize: x.shape[0])
        var parts: [Tensor] = []
        for (a, b) in [(0, 2), (2, 3), (3, 6)] {
            let y = try stream(chunk(x, a, b))
            for t in 0..<(b - a) { parts.append(try timestep(y, t)) }
        }
        expectClose(try stack(parts), try f.tensor("y"), "torch_seed streamed in chunks 2+1+3")
    }

    @Test func resetStartsTheNextSequenceFromZeros() throws {
        let f = try fixture("torch_seed")
        let (model, _) = try WeightLoader(f).sequential(["lstm1", "lstm2", "dense"])
        let x = try f.tensor("x")
        let stream = try model.stream(batchSize: x.shape[0])
        _ = try stream(x)
        let carried = try stream(x)  // second pass starts from the carried state: differs
        #expect(carried.maxAbsDifference(try f.tensor("y")) > 1e-3)
        stream.reset()
        expectClose(try stream(x), try f.tensor("y"), "torch_seed after reset")
    }

    @Test func stackedStreamCarriesTheFinalStatesOfPyTorch() throws {
        let f = try fixture("torch_lstm_stacked")
        let layer = try #require(try WeightLoader(f).layer("rnn").layer as? Recurrent<LSTM>)
        let x = try f.tensor("x")
        let stream = try RecurrentStream(layer, batchSize: x.shape[0])
        let steps = try (0..<x.shape[1]).map { try stream.step(timestep(x, $0)) }
        expectClose(try stack(steps), try f.tensor("out"), "torch_lstm_stacked streamed out")
        for (i, s) in stream.states.enumerated() {
            expectClose(s.h, try f.tensor("h_n").slice(i), "torch_lstm_stacked streamed h_n[\(i)]")
            expectClose(s.c!, try f.tensor("c_n").slice(i), "torch_lstm_stacked streamed c_n[\(i)]")
        }
    }

    @Test func streamStartsFromAGivenInitialState() throws {
        let f = try fixture("keras_gru_initial")
        let layer = try #require(try WeightLoader(f).layer("gru").layer as? Recurrent<GRU>)
        let x = try f.tensor("x")
        let stream = try RecurrentStream(layer, batchSize: x.shape[0])
        try stream.setStates([RecurrentState(h: f.tensor("h0"))])
        let y = try stream(chunk(x, 0, 4))
        let z = try stream(chunk(x, 4, x.shape[1]))
        let all = try (0..<4).map { try timestep(y, $0) } + (0..<(x.shape[1] - 4)).map { try timestep(z, $0) }
        expectClose(try stack(all), try f.tensor("out"), "keras_gru_initial streamed")
        expectClose(stream.states[0].h, try f.tensor("h_n"), "keras_gru_initial streamed h_n")
    }

    @Test func bidirectionalLayersRefuseToStream() throws {
        let f = try fixture("torch_gru_bidirectional")
        let layer = try WeightLoader(f).layer("rnn").layer
        #expect(throws: NeuralError.self) { try layer.makeStream(batchSize: 1) }
    }

    @Test func stepRejectsWrongShape() throws {
        let stream = try Sequential([Recurrent(LSTM(inputSize: 3, hiddenSize: 2))]).stream(batchSize: 1)
        #expect(throws: NeuralError.self) { try stream.step(.zeros([1, 4])) }
        #expect(throws: NeuralError.self) { try stream(.zeros([2, 1, 3])) }
    }
}

/// Streaming against the frameworks' own streaming: Keras `stateful=True` and PyTorch carrying
/// (h, c) between calls, fed the same chunks.
@Suite struct FrameworkStreamingParityTests {
    func chunk(_ x: Tensor, _ start: Int, _ end: Int) throws -> Tensor {
        let (n, steps, f) = (x.shape[0], x.shape[1], x.shape[2])
        var out: [Float] = []
        for b in 0..<n { out += x.scalars[(b * steps + start) * f..<(b * steps + end) * f] }
        return try Tensor(shape: [n, end - start, f], scalars: out)
    }

    @Test func matchesKerasStatefulGRUChunkByChunk() throws {
        let f = try fixture("keras_gru_stateful")
        let model = try WeightLoader(f).sequential(["gru"]).model
        let stream = try model.stream(batchSize: 2)
        let x = try f.tensor("x")
        for (i, (a, b)) in [(0, 2), (2, 3), (3, 6)].enumerated() {
            expectClose(try stream(chunk(x, a, b)), try f.tensor("chunk\(i)"), "keras_gru_stateful chunk\(i)")
        }
    }

    @Test func matchesPyTorchCarriedStateChunkByChunk() throws {
        let f = try fixture("torch_lstm_chunks")
        let layer = try #require(try WeightLoader(f).layer("rnn").layer as? Recurrent<LSTM>)
        let stream = try RecurrentStream(layer, batchSize: 2)
        let x = try f.tensor("x")
        for (i, (a, b)) in [(0, 2), (2, 3), (3, 6)].enumerated() {
            expectClose(try stream(chunk(x, a, b)), try f.tensor("chunk\(i)"), "torch_lstm_chunks chunk\(i)")
        }
        for (l, s) in stream.states.enumerated() {
            expectClose(s.h, try f.tensor("h_n").slice(l), "torch_lstm_chunks h_n[\(l)]")
            expectClose(s.c!, try f.tensor("c_n").slice(l), "torch_lstm_chunks c_n[\(l)]")
        }
    }
}
