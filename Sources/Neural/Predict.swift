/// Runs a model stored under framework names on an input file: the engine behind
/// `wm nn predict`, and how anyone checks parity with PyTorch or Keras without writing Swift.
public enum Predict {
    /// What `run` did, for the command's report.
    public struct Report: Sendable {
        /// One line per layer: what was inferred from names and shapes.
        public var layers: [String]
        /// Shape of the input `x`.
        public var inputShape: [Int]
        /// Shape of the output `y`.
        public var outputShape: [Int]
    }

    /// Loads the weights, builds the layers named by `layers` (in order), runs them on tensor `x`
    /// of the input file and writes tensor `y` to the output file.
    /// - Parameters:
    ///   - weightsPath: safetensors file with PyTorch or Keras names.
    ///   - layers: layer prefixes in order (`lstm1`, `lstm/…`); recurrent layers return sequences.
    ///     A Dense layer may carry its activation, which weights do not store: `dense:softmax`
    ///     (linear, relu, sigmoid, tanh, softmax).
    ///   - inputPath: safetensors file holding `x` (N, T, F).
    ///   - outputPath: safetensors file to write, holding `y`.
    /// - Throws: `SafetensorsError`, `WeightLoadingError` or `NeuralError` saying what was wrong
    ///   (missing file or tensor, wrong shape, NaN or infinity in `x`, layers that do not chain).
    @discardableResult
    public static func run(weightsPath: String, layers: [String], inputPath: String, outputPath: String) throws -> Report {
        guard !layers.isEmpty, layers.allSatisfy({ !$0.isEmpty }) else {
            throw NeuralError.invalidArgument("--layers needs at least one non-empty layer prefix")
        }
        let weights = try Safetensors(contentsOf: weightsPath)
        let input = inputPath == weightsPath ? weights : try Safetensors(contentsOf: inputPath)
        let x = try input.tensor("x")
        let (y, summaries) = try run(weights: weights, layers: layers, x: x)
        try Safetensors(tensors: ["y": y], metadata: ["layers": layers.joined(separator: ","), "producer": "wm nn predict"])
            .write(to: outputPath)
        return Report(layers: summaries, inputShape: x.shape, outputShape: y.shape)
    }

    /// The in-memory part of `run`: checks `x`, builds the model, runs it.
    /// - Returns: y and one summary line per layer.
    public static func run(weights: Safetensors, layers: [String], x: Tensor) throws -> (y: Tensor, summaries: [String]) {
        guard x.rank == 3 else {
            throw NeuralError.invalidShape("input x must be [N, T, F], got \(x.shape)")
        }
        if let i = x.scalars.firstIndex(where: { !$0.isFinite }) {
            let (t, f) = (x.shape[1], x.shape[2])
            throw NeuralError.invalidArgument(
                "input x holds \(x.scalars[i]) at [\(i / (t * f)), \(i / f % t), \(i % f)]; all values must be finite")
        }
        // "dense:softmax": activations are not stored with the weights, so the caller names them.
        var prefixes: [String] = [], activations: [Activation?] = []
        for entry in layers {
            if let colon = entry.lastIndex(of: ":"), let a = Activation(rawValue: String(entry[entry.index(after: colon)...])) {
                prefixes.append(String(entry[..<colon]))
                activations.append(a)
            } else {
                prefixes.append(entry)
                activations.append(nil)
            }
        }
        var loaded = try WeightLoader(weights).layers(prefixes)
        for (i, activation) in activations.enumerated() {
            guard let activation else { continue }
            guard var dense = loaded[i].layer as? Dense else {
                throw NeuralError.invalidArgument(
                    "'\(layers[i])': an activation suffix applies to Dense layers only, '\(prefixes[i])' is \(loaded[i].summary)")
            }
            dense.activation = activation
            loaded[i].layer = dense
            loaded[i].summary += ", activation \(activation.rawValue)"
        }
        guard loaded[0].inputSize == x.shape[2] else {
            throw NeuralError.shapeMismatch(
                "\(loaded[0].summary) expects \(loaded[0].inputSize) features, but input x is \(x.shape)")
        }
        let model = Sequential(loaded.map(\.layer))
        return (try model(x), loaded.map(\.summary))
    }
}
