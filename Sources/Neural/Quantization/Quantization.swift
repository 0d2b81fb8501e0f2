import Foundation

/// Int8 quantization of whole models: a checkpoint into a quantized checkpoint, and a
/// checkpoint (quantized or not) into an inference model that runs the int8 kernels.
///
/// A quantized checkpoint is a standard checkpoint (`TrainingModel.saveCheckpoint`): the same
/// names, architecture and metadata, with every weight matrix of a Dense, LSTM or GRU layer
/// stored as I8 (PyTorch's layout, one output channel per row) and its F32 scales beside it as
/// `NAME.scale`; biases and embeddings stay F32. It says `wm.quantization: int8 symmetric per
/// output channel` in its metadata and carries a fresh optimizer (step 0: the moments of the
/// float weights mean nothing for the quantized ones). Every reader of checkpoints loads it
/// (their weights are the dequantised values), and `int8Sequential` runs its stored int8 values.
public enum Quantization {
    /// The metadata key that marks a quantized checkpoint, and its value.
    public static let metadataKey = "wm.quantization"
    public static let int8Scheme = "int8 symmetric per output channel"

    /// Quantizes a training checkpoint to int8.
    /// - Throws: `NeuralError.invalidArgument` when the file is not a training checkpoint or a
    ///   parameter holds NaN or infinity (named with its position); `NeuralError` or
    ///   `SafetensorsError` when its tensors do not fit its architecture.
    public static func int8Checkpoint(_ file: Safetensors) throws -> Safetensors {
        guard file.metadata["wm.architecture"] != nil else {
            throw NeuralError.invalidArgument(
                "not a training checkpoint (no wm.architecture metadata): quantize reads files of wm nn train or saveCheckpoint")
        }
        let model = try TrainingModel.restore(file)
        try checkFinite(model)
        var tensors = file.tensors.filter { !$0.key.hasPrefix("optimizer.") }
        tensors["optimizer.step"] = try Tensor(shape: [1], scalars: [0])
        var int8: [String: Int8Tensor] = [:]
        for (name, _) in model.weightMatrices {
            let q = try Int8Tensor(quantizing: try file.tensor(name))
            int8[name] = q
            tensors[name] = q.dequantized()
        }
        var metadata = file.metadata
        metadata[metadataKey] = int8Scheme
        return Safetensors(tensors: tensors, metadata: metadata, int8: int8)
    }

    /// Refuses a model with a non-finite parameter, naming it.
    static func checkFinite(_ model: TrainingModel) throws {
        for (name, p, _) in model.checkpointNames() {
            if let i = p.value.scalars.firstIndex(where: { !$0.isFinite }) {
                throw NeuralError.invalidArgument(
                    "parameter '\(name)' holds \(p.value.scalars[i]) at flat index \(i); a model with NaN or infinite weights cannot be quantized or pruned (did its training diverge?)")
            }
        }
    }

    /// The inference model of a checkpoint with its Dense, LSTM and GRU layers in int8: the
    /// stored int8 values of a quantized checkpoint, or the float weights quantized now.
    /// - Parameter compute: which products run the int8 kernel (see `Int8Compute`).
    public static func int8Sequential(_ file: Safetensors, compute: Int8Compute = .automatic) throws -> Sequential {
        let model = try TrainingModel.restore(file)
        let float = try model.sequential()
        return try int8(float, prefixes: (0..<float.layers.count).map { "layer\($0)" }, stored: file.int8, compute: compute)
    }

    /// An inference model with its Dense, LSTM and GRU layers (also inside `TimeDistributed`)
    /// in int8; other layers are kept as they are.
    /// - Parameters:
    ///   - prefixes: each layer's name prefix in `stored` (PyTorch names below it:
    ///     `weight_ih_l<k>[_reverse]`, `weight_hh_l<k>[_reverse]`, `weight`).
    ///   - stored: int8 tensors to take as they are; a matrix not found is quantized from its
    ///     float weights.
    public static func int8(_ model: Sequential, prefixes: [String] = [], stored: [String: Int8Tensor] = [:],
                            compute: Int8Compute = .automatic) throws -> Sequential {
        Sequential(try model.layers.enumerated().map { i, layer in
            try int8(layer, prefix: i < prefixes.count ? prefixes[i] + "." : "\u{0}", stored: stored, compute: compute)
        })
    }

    static func int8(_ layer: any Layer, prefix: String, stored: [String: Int8Tensor], compute: Int8Compute) throws -> any Layer {
        switch layer {
        case let r as Recurrent<LSTM>:
            return try int8(r, prefix: prefix, stored: stored) { input, recurrent, cell in
                try Int8LSTM(input: input, recurrent: recurrent, inputBias: cell.inputBias, recurrentBias: cell.recurrentBias,
                             compute: compute)
            }
        case let r as Recurrent<GRU>:
            return try int8(r, prefix: prefix, stored: stored) { input, recurrent, cell in
                try Int8GRU(input: input, recurrent: recurrent, inputBias: cell.inputBias, recurrentBias: cell.recurrentBias,
                            resetAfter: cell.resetAfter, compute: compute)
            }
        case let dense as Dense:
            return try int8(dense, prefix: prefix, stored: stored, compute: compute)
        case let td as TimeDistributed<Dense>:
            return TimeDistributed(try int8(td.layer, prefix: prefix, stored: stored, compute: compute))
        default:
            return layer
        }
    }

    /// Each cell of a recurrent layer with its W_x and W_h in int8 (stored under
    /// `weight_ih_l<k>[_reverse]`, `weight_hh_l<k>[_reverse]`, or quantized now).
    static func int8<Cell: RecurrentCell, Quantized: RecurrentCell>(
        _ r: Recurrent<Cell>, prefix: String, stored: [String: Int8Tensor],
        _ make: (Int8Tensor, Int8Tensor, Cell) throws -> Quantized
    ) throws -> Recurrent<Quantized> {
        let cells = try r.cells.enumerated().map { l, directions in
            try directions.enumerated().map { d, cell in
                let suffix = "_l\(l)" + (d == 1 ? "_reverse" : "")
                return try make(try stored[prefix + "weight_ih" + suffix] ?? Int8Tensor(quantizing: cell.inputKernel.transposed()),
                                try stored[prefix + "weight_hh" + suffix] ?? Int8Tensor(quantizing: cell.recurrentKernel.transposed()),
                                cell)
            }
        }
        return try Recurrent(layers: cells, returnSequences: r.returnSequences)
    }

    static func int8(_ dense: Dense, prefix: String, stored: [String: Int8Tensor], compute: Int8Compute) throws -> Int8Dense {
        try Int8Dense(weight: try stored[prefix + "weight"] ?? Int8Tensor(quantizing: dense.kernel.transposed()),
                      bias: dense.bias, activation: dense.activation, compute: compute)
    }
}
