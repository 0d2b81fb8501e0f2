import Foundation

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
    ///   - weightsPath: safetensors file with PyTorch or Keras names, or a Keras HDF5 weights file
    ///     (`.weights.h5`, `.h5`).
    ///   - layers: layer prefixes in order (`lstm1`, `lstm/…`); recurrent layers return sequences.
    ///     A Dense layer may carry its activation, which weights do not store: `dense:softmax`
    ///     (linear, relu, sigmoid, tanh, softmax).
    ///   - inputPath: safetensors file holding `x` (N, T, F), or ids (N, T) for a model that starts
    ///     with an embedding.
    ///   - outputPath: safetensors file to write, holding `y`.
    /// - Throws: `SafetensorsError`, `WeightLoadingError` or `NeuralError` saying what was wrong
    ///   (missing file or tensor, wrong shape, NaN or infinity in `x`, layers that do not chain).
    @discardableResult
    public static func run(weightsPath: String, layers: [String], inputPath: String, outputPath: String) throws -> Report {
        guard !layers.isEmpty, layers.allSatisfy({ !$0.isEmpty }) else {
            throw NeuralError.invalidArgument("--layers needs at least one non-empty layer prefix")
        }
        let weights = try Self.weights(at: weightsPath)
        let input = inputPath == weightsPath ? weights : try Safetensors(contentsOf: inputPath)
        let x = try input.tensor("x")
        let (y, summaries) = try run(weights: weights, layers: layers, x: x)
        try Safetensors(tensors: ["y": y], metadata: ["layers": layers.joined(separator: ","), "producer": "wm nn predict"])
            .write(to: outputPath)
        return Report(layers: summaries, inputShape: x.shape, outputShape: y.shape)
    }

    /// The in-memory part of `run`: checks `x`, builds the model, runs it.
    ///
    /// A layer entry may carry a suffix after a colon: a Dense activation (`dense:softmax`), or
    /// `:embedding` for a PyTorch `nn.Embedding` (its lone `weight` (V, D) looks like a bias-free
    /// Linear). A training checkpoint (`wm nn train`, `TrainingModel.saveCheckpoint`) carries its
    /// architecture, so its `layer<i>` prefixes need no suffix: embeddings and activations come
    /// from the file. A model that starts with an embedding reads ids x (N, T) or (N, T, 1).
    /// - Returns: y and one summary line per layer.
    public static func run(weights: Safetensors, layers: [String], x: Tensor) throws -> (y: Tensor, summaries: [String]) {
        guard !layers.isEmpty, layers.allSatisfy({ !$0.isEmpty }) else {
            throw NeuralError.invalidArgument("--layers needs at least one non-empty layer prefix")
        }
        // "dense:softmax", "emb:embedding": what the weights do not store, the caller names.
        var prefixes: [String] = [], activations: [Activation?] = [], embeddings = Set<String>()
        let architecture = checkpointArchitecture(weights)
        for entry in layers {
            var prefix = entry, activation: Activation?
            if let colon = entry.lastIndex(of: ":") {
                let suffix = String(entry[entry.index(after: colon)...])
                if suffix == "embedding" {
                    prefix = String(entry[..<colon])
                    embeddings.insert(prefix)
                } else if let a = Activation(rawValue: suffix) {
                    prefix = String(entry[..<colon])
                    activation = a
                }
            }
            switch architecture[prefix] {
            case .embedding?: embeddings.insert(prefix)
            case .dense(_, _, let a)?, .timeDistributed(.dense(_, _, let a))?:
                if activation == nil, a != .linear { activation = a }
            default: break
            }
            prefixes.append(prefix)
            activations.append(activation)
        }
        let startsWithIDs = embeddings.contains(prefixes[0])
        guard x.rank == 3 || (startsWithIDs && x.rank == 2) else {
            let hint = !startsWithIDs && x.rank == 2
                ? " (ids [N, T] need an embedding as first layer; mark a PyTorch nn.Embedding as '\(prefixes[0]):embedding')" : ""
            throw NeuralError.invalidShape(
                "input x must be \(startsWithIDs ? "ids [N, T] or [N, T, 1]" : "[N, T, F]"), got \(x.shape)\(hint)")
        }
        if let i = x.scalars.firstIndex(where: { !$0.isFinite }) {
            throw NeuralError.invalidArgument(
                "input x holds \(x.scalars[i]) at \(position(i, in: x.shape)); all values must be finite")
        }
        var loaded = try WeightLoader(weights).layers(prefixes, embeddings: embeddings)
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
        let features = x.rank == 3 ? x.shape[2] : 1
        guard loaded[0].inputSize == features else {
            throw NeuralError.shapeMismatch(
                "\(loaded[0].summary) expects \(loaded[0].inputSize) features, but input x is \(x.shape)")
        }
        let model = Sequential(loaded.map(\.layer))
        return (try model(x), loaded.map(\.summary))
    }

    /// A training checkpoint's layer specs by their prefix `layer<i>`; empty for other files.
    static func checkpointArchitecture(_ file: Safetensors) -> [String: LayerSpec] {
        guard let json = file.metadata["wm.architecture"],
              let specs = try? JSONDecoder().decode([LayerSpec].self, from: Data(json.utf8)) else { return [:] }
        var out: [String: LayerSpec] = [:]
        for (i, spec) in specs.enumerated() { out["layer\(i)"] = spec }
        return out
    }

    /// `[a, b, c]`: the multi-index of flat index `i` in `shape`.
    static func position(_ i: Int, in shape: [Int]) -> String {
        var rest = i, index: [Int] = []
        for extent in shape.reversed() {
            index.append(rest % max(extent, 1))
            rest /= max(extent, 1)
        }
        return "[" + index.reversed().map(String.init).joined(separator: ", ") + "]"
    }
}
