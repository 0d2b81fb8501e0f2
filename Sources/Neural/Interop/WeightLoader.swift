import Foundation

/// Builds layers from tensors named as PyTorch or Keras name them, inferring each layer's kind
/// from names and shapes.
///
/// A layer is addressed by its prefix: every tensor `prefix.rest` or `prefix/rest` belongs to it.
///
/// PyTorch (`state_dict` names):
/// - `nn.LSTM` / `nn.GRU`: `weight_ih_lK` (G·H, F), `weight_hh_lK` (G·H, H), `bias_ih_lK`,
///   `bias_hh_lK` (G·H, optional), `_reverse` for the backward direction. G = 4 is an LSTM, G = 3
///   a GRU; the number of stacked layers is the number of distinct K; `_reverse` means
///   bidirectional.
/// - `nn.Linear`: `weight` (U, F), `bias` (U).
///
/// Keras (Keras 3 variable paths, the model's own name stripped; Keras 2's `:0` suffix accepted):
/// - `LSTM` / `GRU`: `…/kernel` (F, G·H), `…/recurrent_kernel` (H, G·H), `…/bias`; any
///   intermediate path (Keras 3 writes `lstm/lstm_cell/kernel`). A GRU bias of shape (2, 3H) means
///   `reset_after=True`, (3H) `reset_after=False`.
/// - `Bidirectional`: the two directions under `forward_*` and `backward_*` components, as
///   Keras writes them: `bidirectional/forward_lstm/lstm_cell/kernel`,
///   `bidirectional/backward_lstm/lstm_cell/kernel`, …
/// - `Dense` (also inside `TimeDistributed`): `…/kernel` (F, U), `…/bias` (U), no recurrent kernel.
///   Activations are not stored in weights: Dense layers load as linear.
/// - `Embedding`: `…/embeddings` (V, D).
///
/// PyTorch `nn.Embedding` stores one `weight` (V, D), which names and shapes cannot tell from an
/// `nn.Linear(bias=False)`: load it with `embedding(_:)` (`wm nn predict`: `prefix:embedding`).
public struct WeightLoader: Sendable {
    /// The named tensors.
    public let file: Safetensors

    /// - Parameter file: tensors by their framework names.
    public init(_ file: Safetensors) { self.file = file }

    /// A weight tensor, refused when it holds NaN or an infinity: such a model computes NaN for every input
    /// and would otherwise run to the end with exit status 0.
    /// - Throws: `WeightLoadingError.nonFinite` naming the tensor and the first bad element.
    func finiteTensor(_ name: String, shape: [Int]? = nil) throws -> Tensor {
        let t = try file.tensor(name, shape: shape)
        if let i = t.scalars.firstIndex(where: { !$0.isFinite }) {
            throw WeightLoadingError.nonFinite(tensor: name, index: i, value: t.scalars[i])
        }
        return t
    }

    /// A layer built from the tensors under `prefix`, and a one-line summary of what was inferred.
    /// - Parameters:
    ///   - prefix: e.g. `lstm1` for PyTorch `lstm1.weight_ih_l0`, `lstm` for Keras `lstm/lstm_cell/kernel`.
    ///   - returnSequences: for recurrent layers (Keras `return_sequences`).
    /// - Throws: `WeightLoadingError`, or `SafetensorsError.missingTensor` / `.wrongShape`.
    public func layer(_ prefix: String, returnSequences: Bool = true) throws -> LoadedLayer {
        let names = tensorNames(under: prefix)
        if names.isEmpty {
            throw WeightLoadingError.noTensors(prefix: prefix, knownPrefixes: topLevelPrefixes())
        }
        if names.keys.contains(where: { Self.pytorchRecurrent($0) != nil }) {
            return try pytorchRecurrent(prefix, names, returnSequences: returnSequences)
        }
        if names.keys.contains(where: { $0.hasPrefix("weight_") }) {
            throw WeightLoadingError.unrecognizedLayer(
                prefix: prefix, reason: "PyTorch tensors \(names.keys.sorted()) without weight_ih_l0 (plain RNN or proj_size LSTM?) are not supported")
        }
        if names.count == 1, let rest = names.keys.first,
           rest.split(whereSeparator: { $0 == "/" || $0 == "." }).last == "embeddings" {
            return try embedding(prefix)
        }
        if Set(names.keys) == ["weight", "bias"] || Set(names.keys) == ["weight"] {
            let w = try finiteTensor(names["weight"]!)
            guard w.rank == 2 else {
                throw SafetensorsError.wrongShape(name: names["weight"]!, expected: [-1, -1], actual: w.shape)
            }
            let b = try names["bias"].map { try finiteTensor($0, shape: [w.shape[0]]) }
            return LoadedLayer(layer: try Dense(pytorchWeight: w, bias: b),
                               summary: "\(prefix): PyTorch Linear \(w.shape[1]) → \(w.shape[0])")
        }
        return try keras(prefix, names, returnSequences: returnSequences)
    }

    /// An `Embedding` from the one tensor under `prefix`: PyTorch `weight` (V, D) or Keras
    /// `embeddings` (V, D).
    /// - Throws: `WeightLoadingError.noTensors` / `.unrecognizedLayer` when `prefix` holds anything
    ///   else, `SafetensorsError.wrongShape` when the table is not (V, D).
    public func embedding(_ prefix: String) throws -> LoadedLayer {
        let names = tensorNames(under: prefix)
        if names.isEmpty {
            throw WeightLoadingError.noTensors(prefix: prefix, knownPrefixes: topLevelPrefixes())
        }
        guard names.count == 1, let (rest, full) = names.first,
              let leaf = rest.split(whereSeparator: { $0 == "/" || $0 == "." }).last,
              leaf == "weight" || leaf == "embeddings" else {
            throw WeightLoadingError.unrecognizedLayer(
                prefix: prefix, reason: "an embedding is one tensor 'weight' (PyTorch) or 'embeddings' (Keras), found \(names.values.sorted())")
        }
        let table = try finiteTensor(full)
        guard table.rank == 2, table.shape[0] >= 1, table.shape[1] >= 1 else {
            throw SafetensorsError.wrongShape(name: full, expected: [-1, -1], actual: table.shape)
        }
        let framework = leaf == "weight" ? "PyTorch" : "Keras"
        return LoadedLayer(layer: try Embedding(table: table),
                           summary: "\(prefix): \(framework) Embedding \(table.shape[0]) ids → \(table.shape[1])",
                           inputSize: 1, outputSize: table.shape[1])
    }

    /// The layers under `prefixes`, in order (recurrent layers return sequences), checked to chain.
    /// - Parameters:
    ///   - prefixes: layer prefixes, input side first.
    ///   - embeddings: the prefixes to load with `embedding(_:)` (PyTorch `nn.Embedding`).
    /// - Throws: as `layer(_:)`, or `NeuralError.shapeMismatch` when consecutive sizes do not chain.
    public func layers(_ prefixes: [String], embeddings: Set<String> = []) throws -> [LoadedLayer] {
        let loaded = try prefixes.map { embeddings.contains($0) ? try embedding($0) : try layer($0) }
        for (a, b) in zip(loaded, loaded.dropFirst()) where a.outputSize != b.inputSize {
            throw NeuralError.shapeMismatch(
                "\(a.summary) outputs \(a.outputSize) features but \(b.summary) expects \(b.inputSize)")
        }
        return loaded
    }

    /// A `Sequential` of the layers under `prefixes` (see `layers(_:)`), with their summaries.
    public func sequential(_ prefixes: [String]) throws -> (model: Sequential, summaries: [String]) {
        let loaded = try layers(prefixes)
        return (Sequential(loaded.map(\.layer)), loaded.map(\.summary))
    }

    // MARK: names

    /// Tensors under `prefix`: the rest of the name (separator and Keras 2 `:0` removed) → full name.
    func tensorNames(under prefix: String) -> [String: String] {
        var out: [String: String] = [:]
        let bare = prefix.hasSuffix(".") || prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
        for name in file.tensors.keys {
            guard name.hasPrefix(bare), name.count > bare.count else { continue }
            let after = name.index(name.startIndex, offsetBy: bare.count)
            guard name[after] == "." || name[after] == "/" else { continue }
            var rest = String(name[name.index(after: after)...])
            if rest.hasSuffix(":0") { rest.removeLast(2) }
            out[rest] = name
        }
        return out
    }

    /// First path components in the file (what `--layers` can name), for error messages.
    func topLevelPrefixes() -> [String] {
        let firsts = file.tensors.keys.compactMap { name -> String? in
            guard let i = name.firstIndex(where: { $0 == "." || $0 == "/" }) else { return nil }
            return String(name[..<i])
        }
        return Array(Set(firsts))
    }

    /// (layer K, reverse) of a PyTorch `weight_ih_lK[_reverse]` name, else nil.
    static func pytorchRecurrent(_ rest: String) -> (layer: Int, reverse: Bool)? {
        guard rest.hasPrefix("weight_ih_l") else { return nil }
        var tail = rest.dropFirst("weight_ih_l".count)
        let reverse = tail.hasSuffix("_reverse")
        if reverse { tail = tail.dropLast("_reverse".count) }
        guard let k = Int(tail), k >= 0 else { return nil }
        return (k, reverse)
    }

    // MARK: PyTorch

    private func pytorchRecurrent(_ prefix: String, _ names: [String: String], returnSequences: Bool) throws -> LoadedLayer {
        let found = names.keys.compactMap(Self.pytorchRecurrent)
        let layers = (found.map(\.layer).max() ?? 0) + 1
        let directions = found.contains { $0.reverse } ? 2 : 1
        let whh0 = try finiteTensor(try name(names, "weight_hh_l0", prefix))
        guard whh0.rank == 2, whh0.shape[1] > 0, whh0.shape[0] % whh0.shape[1] == 0 else {
            throw SafetensorsError.wrongShape(name: names["weight_hh_l0"]!, expected: [-1, -1], actual: whh0.shape)
        }
        let h = whh0.shape[1]
        let g = whh0.shape[0] / h
        guard g == 4 || g == 3 else {
            throw WeightLoadingError.unrecognizedLayer(
                prefix: prefix, reason: "weight_hh_l0 \(whh0.shape) has \(g) gates; LSTM has 4, GRU 3")
        }
        var used = Set<String>()
        func params(_ l: Int, _ d: Int) throws -> (Tensor, Tensor, Tensor?, Tensor?) {
            let suffix = "_l\(l)" + (d == 1 ? "_reverse" : "")
            let inputSize = l == 0 ? nil : directions * h
            let wih = try name(names, "weight_ih" + suffix, prefix)
            let whh = try name(names, "weight_hh" + suffix, prefix)
            let wihT = try finiteTensor(wih)
            guard wihT.rank == 2, wihT.shape[0] == g * h, inputSize == nil || wihT.shape[1] == inputSize else {
                throw SafetensorsError.wrongShape(name: wih, expected: [g * h, inputSize ?? wihT.shape.last ?? -1], actual: wihT.shape)
            }
            used.formUnion(["weight_ih" + suffix, "weight_hh" + suffix, "bias_ih" + suffix, "bias_hh" + suffix])
            return (wihT, try finiteTensor(whh, shape: [g * h, h]),
                    try names["bias_ih" + suffix].map { try finiteTensor($0, shape: [g * h]) },
                    try names["bias_hh" + suffix].map { try finiteTensor($0, shape: [g * h]) })
        }
        let grid = try (0..<layers).map { l in try (0..<directions).map { d in try params(l, d) } }
        if let extra = names.keys.sorted().first(where: { !used.contains($0) }) {
            throw WeightLoadingError.unrecognizedLayer(
                prefix: prefix, reason: "unexpected tensor '\(names[extra]!)' (proj_size and other variants are not supported)")
        }
        let desc = "PyTorch \(g == 4 ? "LSTM" : "GRU") H=\(h), \(layers) layer\(layers > 1 ? "s" : "")\(directions == 2 ? ", bidirectional" : "")"
        let layer: any Layer
        if g == 4 {
            layer = try Recurrent(layers: grid.map { try $0.map { try LSTM(pytorchWeightIH: $0.0, weightHH: $0.1, biasIH: $0.2, biasHH: $0.3) } },
                                  returnSequences: returnSequences)
        } else {
            layer = try Recurrent(layers: grid.map { try $0.map { try GRU(pytorchWeightIH: $0.0, weightHH: $0.1, biasIH: $0.2, biasHH: $0.3) } },
                                  returnSequences: returnSequences)
        }
        return LoadedLayer(layer: layer, summary: "\(prefix): \(desc)",
                           inputSize: grid[0][0].0.shape[1], outputSize: directions * h)
    }

    private func name(_ names: [String: String], _ rest: String, _ prefix: String) throws -> String {
        guard let n = names[rest] else {
            let sep = names.values.first.map { $0.dropFirst(prefix.count).first.map(String.init) ?? "." } ?? "."
            throw SafetensorsError.missingTensor(name: prefix + sep + rest, available: Array(names.values))
        }
        return n
    }

    // MARK: Keras

    private func keras(_ prefix: String, _ names: [String: String], returnSequences: Bool) throws -> LoadedLayer {
        // Bidirectional: split by the `forward_*` / `backward_*` component.
        func direction(_ rest: String) -> String? {
            rest.split(whereSeparator: { $0 == "/" || $0 == "." })
                .first { $0.hasPrefix("forward_") || $0.hasPrefix("backward_") }.map(String.init)
        }
        let groups = Dictionary(grouping: names.keys, by: direction)
        if groups.keys.contains(where: { $0 != nil }) {
            let fwd = groups.keys.compactMap { $0 }.filter { $0.hasPrefix("forward_") }
            let bwd = groups.keys.compactMap { $0 }.filter { $0.hasPrefix("backward_") }
            guard fwd.count == 1, bwd.count == 1, groups[nil] == nil else {
                throw WeightLoadingError.unrecognizedLayer(
                    prefix: prefix, reason: "a Bidirectional layer needs exactly one forward_* and one backward_* sub-layer, found \(groups.keys.compactMap { $0 }.sorted())")
            }
            let f = try kerasCell(prefix + "/" + fwd[0], names.filter { direction($0.key) == fwd[0] })
            let b = try kerasCell(prefix + "/" + bwd[0], names.filter { direction($0.key) == bwd[0] })
            let layer: any Layer
            switch (f, b) {
            case (.lstm(let x), .lstm(let y)): layer = try Recurrent(forward: x, backward: y, returnSequences: returnSequences)
            case (.gru(let x), .gru(let y)): layer = try Recurrent(forward: x, backward: y, returnSequences: returnSequences)
            default:
                throw WeightLoadingError.unrecognizedLayer(prefix: prefix, reason: "forward and backward sub-layers are of different kinds")
            }
            return LoadedLayer(layer: layer, summary: "\(prefix): Keras Bidirectional(\(f.summary))",
                               inputSize: f.inputSize, outputSize: 2 * f.outputSize)
        }
        let cell = try kerasCell(prefix, names)
        let layer: any Layer
        switch cell {
        case .lstm(let c): layer = Recurrent(c, returnSequences: returnSequences)
        case .gru(let c): layer = Recurrent(c, returnSequences: returnSequences)
        case .dense(let d): layer = d
        }
        return LoadedLayer(layer: layer, summary: "\(prefix): Keras \(cell.summary)",
                           inputSize: cell.inputSize, outputSize: cell.outputSize)
    }

    private enum KerasCell {
        case lstm(LSTM), gru(GRU), dense(Dense)
        var summary: String {
            switch self {
            case .lstm(let c): return "LSTM H=\(c.hiddenSize)"
            case .gru(let c): return "GRU H=\(c.hiddenSize), reset_after=\(c.resetAfter ? "True" : "False")"
            case .dense(let d): return "Dense \(d.inputSize) → \(d.units)"
            }
        }
        var inputSize: Int {
            switch self {
            case .lstm(let c): return c.inputSize
            case .gru(let c): return c.inputSize
            case .dense(let d): return d.inputSize
            }
        }
        var outputSize: Int {
            switch self {
            case .lstm(let c): return c.hiddenSize
            case .gru(let c): return c.hiddenSize
            case .dense(let d): return d.units
            }
        }
    }

    /// One Keras LSTM, GRU or Dense from tensors whose last path component is kernel,
    /// recurrent_kernel or bias.
    private func kerasCell(_ prefix: String, _ names: [String: String]) throws -> KerasCell {
        var leaves: [String: String] = [:]
        for (rest, full) in names {
            let leaf = String(rest.split(whereSeparator: { $0 == "/" || $0 == "." }).last ?? "")
            guard ["kernel", "recurrent_kernel", "bias"].contains(leaf) else {
                throw WeightLoadingError.unrecognizedLayer(
                    prefix: prefix, reason: "unexpected tensor '\(full)' (expected kernel, recurrent_kernel, bias)")
            }
            guard leaves[leaf] == nil else {
                throw WeightLoadingError.unrecognizedLayer(
                    prefix: prefix, reason: "two tensors end in '\(leaf)': '\(leaves[leaf]!)' and '\(full)'; give a longer prefix")
            }
            leaves[leaf] = full
        }
        guard let kernelName = leaves["kernel"] else {
            throw SafetensorsError.missingTensor(name: prefix + "/kernel", available: Array(names.values))
        }
        let kernel = try finiteTensor(kernelName)
        guard kernel.rank == 2 else {
            throw SafetensorsError.wrongShape(name: kernelName, expected: [-1, -1], actual: kernel.shape)
        }
        guard let rkName = leaves["recurrent_kernel"] else {
            let bias = try leaves["bias"].map { try finiteTensor($0, shape: [kernel.shape[1]]) }
            return .dense(try Dense(kernel: kernel, bias: bias))
        }
        let rk = try finiteTensor(rkName)
        guard rk.rank == 2, rk.shape[0] > 0, rk.shape[1] % rk.shape[0] == 0, [3, 4].contains(rk.shape[1] / rk.shape[0]) else {
            throw WeightLoadingError.unrecognizedLayer(
                prefix: prefix, reason: "recurrent_kernel \(rk.shape) is neither (H, 4H) (LSTM) nor (H, 3H) (GRU)")
        }
        let (h, gh) = (rk.shape[0], rk.shape[1])
        guard kernel.shape[1] == gh else {
            throw SafetensorsError.wrongShape(name: kernelName, expected: [kernel.shape[0], gh], actual: kernel.shape)
        }
        let bias = try leaves["bias"].map { try finiteTensor($0) }
        if gh == 4 * h {
            if let bias, bias.shape != [gh] {
                throw SafetensorsError.wrongShape(name: leaves["bias"]!, expected: [gh], actual: bias.shape)
            }
            return .lstm(try LSTM(kerasKernel: kernel, recurrentKernel: rk, bias: bias))
        }
        if let bias, bias.shape != [gh], bias.shape != [2, gh] {
            throw SafetensorsError.wrongShape(name: leaves["bias"]!, expected: [2, gh], actual: bias.shape)
        }
        return .gru(try GRU(kerasKernel: kernel, recurrentKernel: rk, bias: bias))
    }
}

/// A layer built by `WeightLoader`, with what was inferred about it.
public struct LoadedLayer: Sendable {
    /// The layer, ready to run.
    public var layer: any Layer
    /// One line: prefix, framework, kind, sizes (e.g. `lstm1: PyTorch LSTM H=128, 1 layer`).
    public var summary: String
    /// Input features per timestep.
    public var inputSize: Int
    /// Output features per timestep.
    public var outputSize: Int

    init(layer: any Layer, summary: String, inputSize: Int, outputSize: Int) {
        self.layer = layer
        self.summary = summary
        self.inputSize = inputSize
        self.outputSize = outputSize
    }

    init(layer: Dense, summary: String) {
        self.init(layer: layer, summary: summary, inputSize: layer.inputSize, outputSize: layer.units)
    }
}
