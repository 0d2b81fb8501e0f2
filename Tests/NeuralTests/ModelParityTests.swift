import Testing
@testable import Neural

/// Stacked, bidirectional and whole-model parity against PyTorch and Keras (fixtures from
/// scripts/fixtures/make_fixtures.py), with layers built by name through `WeightLoader`. Tolerance 1e-5.
@Suite struct ModelParityTests {
    /// Checks a loaded PyTorch-style recurrent layer: output, h_n and c_n (L·D, N, H), fast and reference.
    func checkRecurrent<C: RecurrentCell>(_ layer: Recurrent<C>, _ f: Safetensors, _ name: String) throws {
        let count = layer.layerCount * layer.directions
        var initial: [RecurrentState]?
        if let h0 = f.tensors["h0"] {
            initial = try (0..<count).map { i in
                RecurrentState(h: try h0.slice(i), c: try f.tensors["c0"].map { try $0.slice(i) })
            }
        }
        let x = try f.tensor("x")
        for (path, result) in [("fast", try layer.forward(x, initialStates: initial)),
                               ("reference", try layer.referenceForward(x, initialStates: initial))] {
            expectClose(result.output, try f.tensor("out"), "\(name) \(path) out")
            for i in 0..<count {
                expectClose(result.states[i].h, try f.tensor("h_n").slice(i), "\(name) \(path) h_n[\(i)]")
                if C.hasCellState {
                    expectClose(result.states[i].c!, try f.tensor("c_n").slice(i), "\(name) \(path) c_n[\(i)]")
                }
            }
        }
    }

    @Test(arguments: ["torch_lstm_stacked", "torch_lstm_bidirectional", "torch_lstm_initial"])
    func pytorchStackedAndBidirectionalLSTMMatch(name: String) throws {
        let f = try fixture(name)
        let loaded = try WeightLoader(f).layer("rnn")
        let layer = try #require(loaded.layer as? Recurrent<LSTM>, "\(loaded.summary)")
        print(loaded.summary)
        #expect(layer.layerCount == (name == "torch_lstm_stacked" || name.hasSuffix("bidirectional") || name.hasSuffix("initial") ? 2 : 1))
        #expect(layer.directions == (name.hasSuffix("bidirectional") ? 2 : 1))
        try checkRecurrent(layer, f, name)
    }

    @Test(arguments: ["torch_gru_stacked", "torch_gru_bidirectional", "torch_gru_initial"])
    func pytorchStackedAndBidirectionalGRUMatch(name: String) throws {
        let f = try fixture(name)
        let loaded = try WeightLoader(f).layer("rnn")
        let layer = try #require(loaded.layer as? Recurrent<GRU>, "\(loaded.summary)")
        print(loaded.summary)
        #expect(layer.directions == (name == "torch_gru_stacked" ? 1 : 2))
        try checkRecurrent(layer, f, name)
    }

    @Test func kerasBidirectionalLSTMMatches() throws {
        let f = try fixture("keras_lstm_bidirectional")
        let loaded = try WeightLoader(f).layer("bidirectional")
        let layer = try #require(loaded.layer as? Recurrent<LSTM>)
        let result = try layer.forward(f.tensor("x"))
        expectClose(result.output, try f.tensor("out"), "keras_lstm_bidirectional out")
        expectClose(result.states[0].h, try f.tensor("forward_h_n"), "keras_lstm_bidirectional forward_h_n")
        expectClose(result.states[0].c!, try f.tensor("forward_c_n"), "keras_lstm_bidirectional forward_c_n")
        expectClose(result.states[1].h, try f.tensor("backward_h_n"), "keras_lstm_bidirectional backward_h_n")
        expectClose(result.states[1].c!, try f.tensor("backward_c_n"), "keras_lstm_bidirectional backward_c_n")
    }

    @Test func kerasBidirectionalGRUMatches() throws {
        let f = try fixture("keras_gru_bidirectional")
        let layer = try #require(try WeightLoader(f).layer("bidirectional").layer as? Recurrent<GRU>)
        let result = try layer.forward(f.tensor("x"))
        expectClose(result.output, try f.tensor("out"), "keras_gru_bidirectional out")
        expectClose(result.states[0].h, try f.tensor("forward_h_n"), "keras_gru_bidirectional forward_h_n")
        expectClose(result.states[1].h, try f.tensor("backward_h_n"), "keras_gru_bidirectional backward_h_n")
    }

    @Test func kerasSeedModelMatchesLayerByLayer() throws {
        let f = try fixture("keras_seed")
        let (model, summaries) = try WeightLoader(f).sequential(["lstm", "lstm_1", "time_distributed"])
        print(summaries.joined(separator: "\n"))
        let outputs = try model.layerOutputs(f.tensor("x"))
        for (name, out) in zip(["lstm_out", "lstm_1_out", "time_distributed_out"], outputs) {
            expectClose(out, try f.tensor(name), "keras_seed \(name)")
        }
        expectClose(try model(f.tensor("x")), try f.tensor("y"), "keras_seed y")
    }

    @Test func pytorchSeedModelMatchesLayerByLayer() throws {
        let f = try fixture("torch_seed")
        let (model, _) = try WeightLoader(f).sequential(["lstm1", "lstm2", "dense"])
        let outputs = try model.layerOutputs(f.tensor("x"))
        for (name, out) in zip(["lstm1_out", "lstm2_out", "y"], outputs) {
            expectClose(out, try f.tensor(name), "torch_seed \(name)")
        }
    }

    @Test func lastOutputIsKerasReturnSequencesFalse() throws {
        // Keras return_sequences=False gives the last timestep for one direction and
        // concat(forward h_T, backward h at t = 0) for Bidirectional: both are the final states.
        let f = try fixture("keras_lstm_bidirectional")
        var layer = try #require(try WeightLoader(f).layer("bidirectional").layer as? Recurrent<LSTM>)
        layer.returnSequences = false
        let last = try layer(f.tensor("x"))
        let expected = try concatenateLastAxis([f.tensor("forward_h_n"), f.tensor("backward_h_n")])
        expectClose(last, expected, "keras_lstm_bidirectional last")
    }
}
