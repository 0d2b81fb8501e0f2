/// Constructors from PyTorch and Keras parameter tensors, converting to the canonical layout
/// (see `RecurrentCell`). The name-based loader (`WeightLoader`) builds on these.
extension LSTM {
    /// From PyTorch `nn.LSTM` parameters of one layer and direction (gate order i, f, g, o).
    /// - Parameters:
    ///   - weightIH: `weight_ih_lK` (4H, F).  - weightHH: `weight_hh_lK` (4H, H).
    ///   - biasIH: `bias_ih_lK` (4H) or nil (`bias=False`).  - biasHH: `bias_hh_lK` (4H) or nil.
    public init(pytorchWeightIH weightIH: Tensor, weightHH: Tensor, biasIH: Tensor?, biasHH: Tensor?) throws {
        try self.init(inputKernel: weightIH.transposed(), recurrentKernel: weightHH.transposed(),
                      inputBias: biasIH, recurrentBias: biasHH)
    }

    /// From Keras `LSTM` weights (gate order i, f, g(c), o, as the engine's).
    /// - Parameters:
    ///   - kernel: (F, 4H).  - recurrentKernel: (H, 4H).  - bias: (4H) or nil (`use_bias=False`).
    public init(kerasKernel kernel: Tensor, recurrentKernel: Tensor, bias: Tensor?) throws {
        try self.init(inputKernel: kernel, recurrentKernel: recurrentKernel, inputBias: bias, recurrentBias: nil)
    }
}

extension GRU {
    /// From PyTorch `nn.GRU` parameters of one layer and direction (gate order r, z, n as the
    /// engine's; the reset gate applies after the recurrent matmul).
    /// - Parameters:
    ///   - weightIH: `weight_ih_lK` (3H, F).  - weightHH: `weight_hh_lK` (3H, H).
    ///   - biasIH: `bias_ih_lK` (3H) or nil.  - biasHH: `bias_hh_lK` (3H) or nil.
    public init(pytorchWeightIH weightIH: Tensor, weightHH: Tensor, biasIH: Tensor?, biasHH: Tensor?) throws {
        try self.init(inputKernel: weightIH.transposed(), recurrentKernel: weightHH.transposed(),
                      inputBias: biasIH, recurrentBias: biasHH, resetAfter: true)
    }

    /// From Keras `GRU` weights (gate order z, r, h, permuted here to r, z, n).
    /// The bias shape tells the variant: (2, 3H) is `reset_after=True` (row 0 input bias, row 1
    /// recurrent bias), (3H) is `reset_after=False`.
    /// - Parameters:
    ///   - kernel: (F, 3H).  - recurrentKernel: (H, 3H).
    ///   - bias: (2, 3H) or (3H), or nil (`use_bias=False`, then `resetAfter` decides).
    ///   - resetAfter: the variant when there is no bias to tell it.
    public init(kerasKernel kernel: Tensor, recurrentKernel: Tensor, bias: Tensor?, resetAfter: Bool = true) throws {
        let order = [1, 0, 2]  // Keras z, r, h → engine r, z, n
        var inputBias: Tensor?, recurrentBias: Tensor?, after = resetAfter
        if let bias {
            let gh = recurrentKernel.shape.last ?? 0
            if bias.rank == 2 && bias.shape[0] == 2 {
                after = true
                inputBias = try Tensor(shape: [bias.shape[1]], scalars: Array(bias.scalars[0..<bias.shape[1]]))
                recurrentBias = try Tensor(shape: [bias.shape[1]], scalars: Array(bias.scalars[bias.shape[1]...]))
            } else if bias.rank == 1 {
                after = false
                inputBias = bias
            } else {
                throw NeuralError.shapeMismatch("Keras GRU bias must be [2, \(gh)] (reset_after) or [\(gh)], got \(bias.shape)")
            }
            inputBias = try inputBias?.permutingColumnBlocks(order)
            recurrentBias = try recurrentBias?.permutingColumnBlocks(order)
        }
        try self.init(inputKernel: kernel.permutingColumnBlocks(order),
                      recurrentKernel: recurrentKernel.permutingColumnBlocks(order),
                      inputBias: inputBias, recurrentBias: recurrentBias, resetAfter: after)
    }
}

extension Dense {
    /// From PyTorch `nn.Linear`: weight (U, F), bias (U) or nil.
    public init(pytorchWeight weight: Tensor, bias: Tensor?, activation: Activation = .linear) throws {
        try self.init(kernel: weight.transposed(), bias: bias, activation: activation)
    }
}
