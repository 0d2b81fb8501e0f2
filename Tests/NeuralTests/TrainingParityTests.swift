import Foundation
import Testing
@testable import Neural

/// Loss, every parameter's gradient and 10-step optimizer trajectories against PyTorch
/// (fixtures by `scripts/fixtures/make_grad_fixtures.py`), to 1e-4 relative to each tensor's largest value.
@Suite struct TrainingParityTests {
    /// The fixture script's weight formula, in PyTorch layout:
    /// w_k[i] = scale · (((i·37 + k·101) mod 199) / 99 − 1), k = index in named_parameters().
    static func formulaTensor(_ shape: [Int], k: Int, scale: Double) -> Tensor {
        var t = Tensor.zeros(shape)
        for i in 0..<t.count { t.scalars[i] = Float(scale * (Double((i * 37 + k * 101) % 199) / 99.0 - 1.0)) }
        return t
    }

    /// PyTorch parameter names and shapes of an LSTM/GRU (one layer) or Linear, in
    /// named_parameters() order.
    static func recurrentNames(_ prefix: String, gates: Int, input: Int, hidden: Int, bidirectional: Bool = false) -> [(String, [Int])] {
        var out: [(String, [Int])] = []
        for suffix in bidirectional ? ["", "_reverse"] : [""] {
            out += [("\(prefix).weight_ih_l0\(suffix)", [gates * hidden, input]),
                    ("\(prefix).weight_hh_l0\(suffix)", [gates * hidden, hidden]),
                    ("\(prefix).bias_ih_l0\(suffix)", [gates * hidden]),
                    ("\(prefix).bias_hh_l0\(suffix)", [gates * hidden])]
        }
        return out
    }

    static func linearNames(_ prefix: String, input: Int, output: Int) -> [(String, [Int])] {
        [("\(prefix).weight", [output, input]), ("\(prefix).bias", [output])]
    }

    /// Formula weights under PyTorch names, loaded by the engine's `WeightLoader`, as a training model.
    static func model(_ names: [(String, [Int])], scales: [String: Double], layers: [(String, Bool)]) throws -> TrainingModel {
        var tensors: [String: Tensor] = [:]
        for (k, (name, shape)) in names.enumerated() {
            let prefix = String(name.split(separator: ".")[0])
            tensors[name] = formulaTensor(shape, k: k, scale: scales[prefix]!)
        }
        let loader = WeightLoader(Safetensors(tensors: tensors))
        let sequential = Sequential(try layers.map { try loader.layer($0.0, returnSequences: $0.1).layer })
        return try TrainingModel(sequential)
    }

    /// Checks loss and gradients; `prefixes[i]` is the fixture's name of layer i.
    static func checkGradients(_ file: String, _ model: TrainingModel, loss: Loss, prefixes: [String],
                               sequenceTarget: Bool) throws {
        let f = try fixture(file)
        model.compile(loss: loss)
        let x = swapLeadingAxes(try f.tensor("x"))
        let yRaw = try f.tensor("y")
        let y = sequenceTarget ? swapLeadingAxes(yRaw) : yRaw
        let (value, _) = try model.computeGradients(x, y)
        let expectedLoss = try f.tensor("loss").scalars[0]
        print("\(file) loss \(value) vs torch \(expectedLoss)")
        #expect(abs(value - expectedLoss) <= 1e-4 * abs(expectedLoss), "loss \(value) vs \(expectedLoss)")
        for (name, p, transposed) in model.checkpointNames() {
            let layerIndex = Int(name.split(separator: ".")[0].dropFirst(5))!
            let torchName = prefixes[layerIndex] + "." + name.split(separator: ".", maxSplits: 1)[1]
            var expected = try f.tensor("grad." + torchName)
            if transposed { expected = try expected.transposed() }
            expectRelativelyClose(p.gradient, expected, "\(file) grad \(torchName)")
        }
    }

    @Test func seedModelLossAndGradientsMatchPyTorch() throws {
        let names = Self.recurrentNames("lstm1", gates: 4, input: 100, hidden: 128)
            + Self.recurrentNames("lstm2", gates: 4, input: 128, hidden: 64) + Self.linearNames("dense", input: 64, output: 10)
        let model = try Self.model(names, scales: ["lstm1": 1 / 128.0.squareRoot(), "lstm2": 1 / 64.0.squareRoot(), "dense": 1 / 64.0.squareRoot()],
                                   layers: [("lstm1", true), ("lstm2", true), ("dense", true)])
        try Self.checkGradients("grad_seed", model, loss: .mse, prefixes: ["lstm1", "lstm2", "dense"], sequenceTarget: true)
    }

    @Test func stackedGRULossAndGradientsMatchPyTorch() throws {
        let names = Self.recurrentNames("gru1", gates: 3, input: 6, hidden: 8)
            + Self.recurrentNames("gru2", gates: 3, input: 8, hidden: 5) + Self.linearNames("dense", input: 5, output: 3)
        let model = try Self.model(names, scales: ["gru1": 1 / 8.0.squareRoot(), "gru2": 1 / 5.0.squareRoot(), "dense": 1 / 5.0.squareRoot()],
                                   layers: [("gru1", true), ("gru2", true), ("dense", true)])
        try Self.checkGradients("grad_gru", model, loss: .binaryCrossentropyFromLogits, prefixes: ["gru1", "gru2", "dense"],
                                sequenceTarget: true)
    }

    @Test func bidirectionalLSTMLossAndGradientsMatchPyTorch() throws {
        let names = Self.recurrentNames("bilstm", gates: 4, input: 4, hidden: 5, bidirectional: true)
            + Self.linearNames("dense", input: 10, output: 3)
        let model = try Self.model(names, scales: ["bilstm": 1 / 5.0.squareRoot(), "dense": 1 / 10.0.squareRoot()],
                                   layers: [("bilstm", false), ("dense", true)])
        try Self.checkGradients("grad_bidirectional", model, loss: .sparseCategoricalCrossentropy, prefixes: ["bilstm", "dense"],
                                sequenceTarget: false)
    }

    /// Keras fixtures: formula weights over Keras paths, gradients compared in Keras layout (GRU
    /// column blocks z, r, h; the single Keras bias is the engine's input bias b_x).
    static func checkKeras(_ file: String, names: [(String, [Int])], layers: [(String, Bool)], sequenceTarget: Bool) throws {
        var tensors: [String: Tensor] = [:]
        for (k, (name, shape)) in names.enumerated() { tensors[name] = formulaTensor(shape, k: k, scale: 0.4) }
        let loader = WeightLoader(Safetensors(tensors: tensors))
        let model = try TrainingModel(Sequential(try layers.map { try loader.layer($0.0, returnSequences: $0.1).layer }))
        model.compile(loss: .mse)
        let f = try fixture(file)
        let x = swapLeadingAxes(try f.tensor("x"))
        let y = sequenceTarget ? swapLeadingAxes(try f.tensor("y")) : try f.tensor("y")
        let (value, _) = try model.computeGradients(x, y)
        let expectedLoss = try f.tensor("loss").scalars[0]
        #expect(abs(value - expectedLoss) <= 1e-4 * abs(expectedLoss), "loss \(value) vs \(expectedLoss)")
        for (index, layer) in model.layers.enumerated() {
            let prefix = names.first { $0.0.hasPrefix(layers[index].0 + "/") }!.0
            let base = String(prefix[..<prefix.lastIndex(of: "/")!])
            var pairs: [(Parameter, String, Bool)] = []
            if let r = layer as? TrainableRecurrent {
                let gru = r.cell != .lstm
                pairs = [(r.kernel, "kernel", gru), (r.recurrentKernel, "recurrent_kernel", gru), (r.bias, "bias", gru)]
            } else if let t = layer as? TrainableTimeDistributed, let d = t.inner as? TrainableDense {
                pairs = [(d.kernel, "kernel", false), (d.bias, "bias", false)]
            } else if let d = layer as? TrainableDense {
                pairs = [(d.kernel, "kernel", false), (d.bias, "bias", false)]
            }
            for (p, name, permute) in pairs {
                let g = permute ? try p.gradient.permutingColumnBlocks([1, 0, 2]) : p.gradient
                expectRelativelyClose(g, try f.tensor("grad.\(base)/\(name)"), "\(file) grad \(base)/\(name)")
            }
        }
    }

    @Test func kerasGRUResetBeforeLossAndGradientsMatchKeras() throws {
        try Self.checkKeras("grad_keras_gru_reset_before", names: [
            ("gru/gru_cell/kernel", [4, 15]), ("gru/gru_cell/recurrent_kernel", [5, 15]), ("gru/gru_cell/bias", [15]),
            ("time_distributed/dense/kernel", [5, 3]), ("time_distributed/dense/bias", [3]),
        ], layers: [("gru", true), ("time_distributed", true)], sequenceTarget: true)
    }

    @Test func kerasLSTMLossAndGradientsMatchKeras() throws {
        try Self.checkKeras("grad_keras_lstm", names: [
            ("lstm/lstm_cell/kernel", [4, 24]), ("lstm/lstm_cell/recurrent_kernel", [6, 24]), ("lstm/lstm_cell/bias", [24]),
            ("dense/kernel", [6, 2]), ("dense/bias", [2]),
        ], layers: [("lstm", false), ("dense", true)], sequenceTarget: false)
    }

    @Test(arguments: [
        ("adam", Optimizer.adam(learningRate: 0.01, clipGlobalNorm: 1).configuration),
        ("adamw", Optimizer.adamW(learningRate: 0.01, weightDecay: 0.1, clipGlobalNorm: 1).configuration),
        ("sgd_nesterov", Optimizer.sgd(learningRate: 0.1, momentum: 0.9, nesterov: true, clipGlobalNorm: 1).configuration),
        ("rmsprop", Optimizer.rmsprop(learningRate: 0.01, momentum: 0.5, clipGlobalNorm: 1).configuration),
        ("sgd_cosine", Optimizer.Configuration(rule: .sgd(momentum: 0.9, nesterov: false, weightDecay: 0), learningRate: 0.2,
                                               schedule: .cosine(total: 10, minimumFactor: 0.05), clipGlobalNorm: 1)),
        ("adam_step", Optimizer.Configuration(rule: .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0),
                                              learningRate: 0.02, schedule: .step(every: 3, gamma: 0.5), clipGlobalNorm: 1)),
    ])
    func tenOptimizerStepsMatchPyTorch(run: String, configuration: Optimizer.Configuration) throws {
        let optimizer = Optimizer(configuration)
        let names = Self.recurrentNames("lstm", gates: 4, input: 3, hidden: 4) + Self.linearNames("dense", input: 4, output: 2)
        let model = try Self.model(names, scales: ["lstm": 0.5, "dense": 0.5], layers: [("lstm", true), ("dense", true)])
        model.compile(optimizer: optimizer, loss: .mse)
        let f = try fixture("grad_optimizers")
        let x = swapLeadingAxes(try f.tensor("x")), y = swapLeadingAxes(try f.tensor("y"))
        for _ in 0..<10 { try model.trainOnBatch(x, y) }
        let prefixes = ["lstm", "dense"]
        for (name, p, transposed) in model.checkpointNames() {
            let layerIndex = Int(name.split(separator: ".")[0].dropFirst(5))!
            let torchName = prefixes[layerIndex] + "." + name.split(separator: ".", maxSplits: 1)[1]
            var expected = try f.tensor("\(run).\(torchName)")
            if transposed { expected = try expected.transposed() }
            expectRelativelyClose(p.value, expected, "\(run) \(torchName)")
        }
    }
}

/// max|a − b| ≤ 1e-4 · max(max|b|, 1e-3): relative to the tensor's scale (tiny entries of a
/// gradient would otherwise demand more than float32 rounding of a long sum allows).
func expectRelativelyClose(_ actual: Tensor, _ expected: Tensor, _ name: String, tolerance: Float = 1e-4,
                           sourceLocation: SourceLocation = #_sourceLocation) {
    guard actual.shape == expected.shape else {
        Issue.record("\(name): shape \(actual.shape) != expected \(expected.shape)", sourceLocation: sourceLocation)
        return
    }
    let scale = max(expected.scalars.map(abs).max() ?? 0, 1e-3)
    let d = actual.maxAbsDifference(expected) / scale
    let ok = d <= tolerance
    print("\(name) \(ok ? "OK" : "FAIL") relative maxdiff=\(d)")
    #expect(ok, "\(name): relative maxdiff \(d) > \(tolerance)", sourceLocation: sourceLocation)
}
