import Testing
@testable import Neural

/// One layer, one direction, against PyTorch and Keras outputs (fixtures from scripts/fixtures/make_fixtures.py),
/// max-abs tolerance 1e-5. Both the fast and the reference path are checked.
@Suite struct SingleLayerParityTests {
    func check<C: RecurrentCell>(_ cell: C, _ f: Safetensors, name: String, initial: RecurrentState? = nil,
                                 hn: Tensor, cn: Tensor?) throws {
        let x = try f.tensor("x")
        for (path, result) in [("fast", try cell.forward(x, initialState: initial)),
                               ("reference", try cell.referenceForward(x, initialState: initial))] {
            expectClose(result.output, try f.tensor("out"), "\(name) \(path) out")
            expectClose(result.state.h, hn, "\(name) \(path) h_n")
            if let cn { expectClose(result.state.c!, cn, "\(name) \(path) c_n") }
        }
    }

    @Test func pytorchLSTMMatches() throws {
        let f = try fixture("torch_lstm")
        let cell = try LSTM(pytorchWeightIH: f.tensor("rnn.weight_ih_l0"), weightHH: f.tensor("rnn.weight_hh_l0"),
                            biasIH: f.tensor("rnn.bias_ih_l0"), biasHH: f.tensor("rnn.bias_hh_l0"))
        try check(cell, f, name: "torch_lstm", hn: f.tensor("h_n").slice(0), cn: f.tensor("c_n").slice(0))
    }

    @Test func pytorchGRUMatches() throws {
        let f = try fixture("torch_gru")
        let cell = try GRU(pytorchWeightIH: f.tensor("rnn.weight_ih_l0"), weightHH: f.tensor("rnn.weight_hh_l0"),
                           biasIH: f.tensor("rnn.bias_ih_l0"), biasHH: f.tensor("rnn.bias_hh_l0"))
        try check(cell, f, name: "torch_gru", hn: f.tensor("h_n").slice(0), cn: nil)
    }

    @Test func kerasLSTMMatches() throws {
        let f = try fixture("keras_lstm")
        let cell = try LSTM(kerasKernel: f.tensor("lstm/lstm_cell/kernel"),
                            recurrentKernel: f.tensor("lstm/lstm_cell/recurrent_kernel"),
                            bias: f.tensor("lstm/lstm_cell/bias"))
        try check(cell, f, name: "keras_lstm", hn: f.tensor("h_n"), cn: f.tensor("c_n"))
    }

    @Test func kerasLSTMWithInitialStateMatches() throws {
        let f = try fixture("keras_lstm_initial")
        let cell = try LSTM(kerasKernel: f.tensor("lstm/lstm_cell/kernel"),
                            recurrentKernel: f.tensor("lstm/lstm_cell/recurrent_kernel"),
                            bias: f.tensor("lstm/lstm_cell/bias"))
        try check(cell, f, name: "keras_lstm_initial", initial: RecurrentState(h: f.tensor("h0"), c: f.tensor("c0")),
                  hn: f.tensor("h_n"), cn: f.tensor("c_n"))
    }

    @Test(arguments: ["keras_gru_reset_after", "keras_gru_reset_before"])
    func kerasGRUMatches(name: String) throws {
        let f = try fixture(name)
        let cell = try GRU(kerasKernel: f.tensor("gru/gru_cell/kernel"),
                           recurrentKernel: f.tensor("gru/gru_cell/recurrent_kernel"),
                           bias: f.tensor("gru/gru_cell/bias"))
        #expect(cell.resetAfter == (name == "keras_gru_reset_after"))
        try check(cell, f, name: name, hn: f.tensor("h_n"), cn: nil)
    }

    @Test func kerasGRUWithInitialStateMatches() throws {
        let f = try fixture("keras_gru_initial")
        let cell = try GRU(kerasKernel: f.tensor("gru/gru_cell/kernel"),
                           recurrentKernel: f.tensor("gru/gru_cell/recurrent_kernel"),
                           bias: f.tensor("gru/gru_cell/bias"))
        try check(cell, f, name: "keras_gru_initial", initial: RecurrentState(h: f.tensor("h0")),
                  hn: f.tensor("h_n"), cn: nil)
    }
}
