import Testing
@testable import Neural

/// Inference of layer kinds from names and shapes, and the errors of weights that do not fit.
@Suite struct WeightLoaderTests {
    func pytorchLSTM(h: Int = 2, f: Int = 3, prefix: String = "enc.lstm") -> [String: Tensor] {
        [prefix + ".weight_ih_l0": .zeros([4 * h, f]), prefix + ".weight_hh_l0": .zeros([4 * h, h]),
         prefix + ".bias_ih_l0": .zeros([4 * h]), prefix + ".bias_hh_l0": .zeros([4 * h])]
    }

    @Test func infersPyTorchLSTMUnderANestedPrefix() throws {
        let loaded = try WeightLoader(Safetensors(tensors: pytorchLSTM())).layer("enc.lstm")
        #expect(loaded.layer is Recurrent<LSTM>)
        #expect(loaded.inputSize == 3 && loaded.outputSize == 2)
    }

    @Test func infersKerasGRUVariantFromBiasShape() throws {
        for (bias, after) in [([2, 9], true), ([9], false)] {
            let t: [String: Tensor] = ["gru/gru_cell/kernel": .zeros([4, 9]), "gru/gru_cell/recurrent_kernel": .zeros([3, 9]),
                                       "gru/gru_cell/bias": .zeros(bias)]
            let layer = try #require(try WeightLoader(Safetensors(tensors: t)).layer("gru").layer as? Recurrent<GRU>)
            #expect(layer.cells[0][0].resetAfter == after)
        }
    }

    @Test func acceptsKeras2NamesWithColonZero() throws {
        let t: [String: Tensor] = ["dense_1/kernel:0": .zeros([4, 2]), "dense_1/bias:0": .zeros([2])]
        #expect(try WeightLoader(Safetensors(tensors: t)).layer("dense_1").layer is Dense)
    }

    @Test func unknownPrefixListsWhatExists() {
        let loader = WeightLoader(Safetensors(tensors: pytorchLSTM()))
        #expect(throws: WeightLoadingError.noTensors(prefix: "lstm", knownPrefixes: ["enc"])) { try loader.layer("lstm") }
    }

    @Test func missingRecurrentWeightIsNamed() {
        var t = pytorchLSTM()
        t["enc.lstm.weight_hh_l0"] = nil
        #expect { try WeightLoader(Safetensors(tensors: t)).layer("enc.lstm") } throws: { e in
            if case SafetensorsError.missingTensor(let name, _) = e { return name == "enc.lstm.weight_hh_l0" } else { return false }
        }
    }

    @Test func missingUpperLayerOfAStackIsNamed() {
        var t = pytorchLSTM()
        t["enc.lstm.weight_ih_l1"] = .zeros([8, 2])
        #expect { try WeightLoader(Safetensors(tensors: t)).layer("enc.lstm") } throws: { e in
            if case SafetensorsError.missingTensor(let name, _) = e { return name == "enc.lstm.weight_hh_l1" } else { return false }
        }
    }

    @Test func wrongBiasShapeIsNamed() {
        var t = pytorchLSTM()
        t["enc.lstm.bias_hh_l0"] = .zeros([7])
        #expect(throws: SafetensorsError.wrongShape(name: "enc.lstm.bias_hh_l0", expected: [8], actual: [7])) {
            try WeightLoader(Safetensors(tensors: t)).layer("enc.lstm")
        }
    }

    @Test func gateCountOtherThanLSTMOrGRUIsRejected() {
        let t: [String: Tensor] = ["rnn.weight_ih_l0": .zeros([2, 3]), "rnn.weight_hh_l0": .zeros([2, 2])]
        #expect { try WeightLoader(Safetensors(tensors: t)).layer("rnn") } throws: { e in
            if case WeightLoadingError.unrecognizedLayer = e { return true } else { return false }
        }
    }

    @Test func kerasGRUBiasOfWrongShapeIsNamed() {
        let t: [String: Tensor] = ["gru/kernel": .zeros([4, 9]), "gru/recurrent_kernel": .zeros([3, 9]), "gru/bias": .zeros([3, 9])]
        #expect(throws: SafetensorsError.wrongShape(name: "gru/bias", expected: [2, 9], actual: [3, 9])) {
            try WeightLoader(Safetensors(tensors: t)).layer("gru")
        }
    }

    @Test func kerasKernelOfWrongWidthIsNamed() {
        let t: [String: Tensor] = ["lstm/kernel": .zeros([4, 12]), "lstm/recurrent_kernel": .zeros([2, 8])]
        #expect(throws: SafetensorsError.wrongShape(name: "lstm/kernel", expected: [4, 8], actual: [4, 12])) {
            try WeightLoader(Safetensors(tensors: t)).layer("lstm")
        }
    }

    @Test func bidirectionalHalvesOfDifferentKindsAreRejected() {
        let t: [String: Tensor] = [
            "bi/forward_lstm/kernel": .zeros([3, 8]), "bi/forward_lstm/recurrent_kernel": .zeros([2, 8]),
            "bi/backward_gru/kernel": .zeros([3, 6]), "bi/backward_gru/recurrent_kernel": .zeros([2, 6]),
        ]
        #expect { try WeightLoader(Safetensors(tensors: t)).layer("bi") } throws: { e in
            if case WeightLoadingError.unrecognizedLayer = e { return true } else { return false }
        }
    }

    @Test func layersThatDoNotChainAreRejected() {
        var t = pytorchLSTM(prefix: "a")
        t["b.weight"] = .zeros([5, 4])  // expects 4 features, LSTM gives 2
        #expect(throws: NeuralError.self) { try WeightLoader(Safetensors(tensors: t)).sequential(["a", "b"]) }
    }
}
