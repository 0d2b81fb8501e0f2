/// A trainable fully connected layer y = act(x·W + b) over the last axis.
///
/// `kernel` W (F, U) (Keras layout; PyTorch's `nn.Linear.weight` is Wᵀ), `bias` b (U).
/// Any leading axes are treated as rows, so on a (T, N, F) sequence it is Keras'
/// `TimeDistributed(Dense)`: one GEMM over all T·N rows, and one GEMM each for dW and dX.
public final class TrainableDense: TrainableLayer {
    /// U.
    public let units: Int
    /// F.
    public let inputSize: Int
    public let activation: Activation
    /// W (F, U).
    public let kernel: Parameter
    /// b (U).
    public let bias: Parameter

    private var input = Tensor.zeros([0])
    private var output = Tensor.zeros([0])
    /// Rows × F from which the forward rows, and dW against dX, are split across the cores.
    static let splitElements = 1 << 17

    /// - Parameters:
    ///   - units: U.  - inputSize: F.  - activation: applied after the affine map.
    ///   - initialization: Keras (glorot_uniform, zero bias) or PyTorch (U(±1/√F) for both).
    public init(
        units: Int, inputSize: Int, activation: Activation = .linear,
        initialization: WeightInitialization = .keras, rng: inout SeededGenerator
    ) {
        precondition(units > 0 && inputSize > 0, "units and inputSize must be positive")
        self.units = units
        self.inputSize = inputSize
        self.activation = activation
        switch initialization {
        case .keras:
            kernel = Parameter(name: "kernel", value: Initializer.glorotUniform(inputSize, units, &rng))
            bias = Parameter(name: "bias", value: .zeros([units]))
        case .pytorch:
            let k = 1 / Float(inputSize).squareRoot()
            kernel = Parameter(name: "kernel", value: Initializer.uniform([inputSize, units], limit: k, &rng))
            bias = Parameter(name: "bias", value: Initializer.uniform([units], limit: k, &rng))
        }
    }

    public var spec: LayerSpec { .dense(units: units, inputSize: inputSize, activation: activation) }

    /// PyTorch `nn.Linear`: `weight` (U, F) = Wᵀ, `bias`; Keras `Dense`: `kernel` (F, U), `bias`.
    public var namedParameters: [NamedParameter] {
        [NamedParameter(kernel, pytorch: "weight", keras: "kernel", pytorchTransposed: true),
         NamedParameter(bias, pytorch: "bias", keras: "bias")]
    }

    /// From existing weights W (F, U) and b (U).
    public convenience init(kernel: Tensor, bias: Tensor, activation: Activation = .linear) {
        var rng = SeededGenerator(seed: 0)
        self.init(units: kernel.shape[1], inputSize: kernel.shape[0], activation: activation, rng: &rng)
        self.kernel.value = kernel
        self.bias.value = bias
    }

    public func inference() throws -> any Layer { try dense() }

    /// The inference `Dense` with the current weights.
    func dense() throws -> Dense { try Dense(kernel: kernel.value, bias: bias.value, activation: activation) }

    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        try checkInput(x, ranks: [2, 3], features: inputSize, layer: "Dense")
        let rows = x.count / inputSize
        var y = Tensor.zeros(Array(x.shape.dropLast()) + [units])
        let (F, U) = (inputSize, units)
        y.scalars.withUnsafeMutableBufferPointer { yp in
            let yb = yp.baseAddress!
            bias.value.scalars.withUnsafeBufferPointer { b in
                for r in 0..<rows { (yb + r * U).update(from: b.baseAddress!, count: U) }
            }
            guard rows > 0 else { return }
            x.scalars.withUnsafeBufferPointer { xp in
                kernel.value.scalars.withUnsafeBufferPointer { w in
                    // A head with few outputs over a whole sequence (n-back: 1,920 rows × 128, one
                    // output) is a pass over x, not arithmetic: half of the rows on each core.
                    let pointers = UncheckedSendable((xp.baseAddress!, w.baseAddress!, yb))
                    forEachChunk(of: rows, splittingFrom: Self.splitElements / F) { r in
                        let (x, w, y) = pointers.value
                        sgemm(m: r.count, n: U, k: F, a: x + r.lowerBound * F, lda: F, b: w, ldb: U,
                              beta: 1, c: y + r.lowerBound * U, ldc: U, threads: r.count == rows ? nil : 1)
                    }
                }
            }
            activation.apply(yb, rows: rows, width: U)
        }
        if training {
            input = x
            output = y
        }
        return y
    }

    public func backward(_ gradient: Tensor, needsInputGradient: Bool) throws -> Tensor? {
        guard gradient.shape == output.shape else {
            throw NeuralError.shapeMismatch("gradient of shape \(gradient.shape) for an output of shape \(output.shape)")
        }
        let (F, U) = (inputSize, units)
        let rows = gradient.count / U
        var g = gradient
        // ∂L/∂(pre-activation) from the saved output: relu' = [y > 0], tanh' = 1 − y², σ' = y(1 − y).
        switch activation {
        case .linear: break
        case .relu: for i in 0..<g.count where output.scalars[i] <= 0 { g.scalars[i] = 0 }
        case .tanh: for i in 0..<g.count { let y = output.scalars[i]; g.scalars[i] *= 1 - y * y }
        case .sigmoid: for i in 0..<g.count { let y = output.scalars[i]; g.scalars[i] *= y * (1 - y) }
        case .softmax:
            // Jacobian-vector product of softmax per row: g_in = y ⊙ (g − Σ_j g_j y_j).
            for r in 0..<rows {
                var dot: Float = 0
                for j in 0..<U { dot += g.scalars[r * U + j] * output.scalars[r * U + j] }
                for j in 0..<U { g.scalars[r * U + j] = output.scalars[r * U + j] * (g.scalars[r * U + j] - dot) }
            }
        }
        guard rows > 0 else { return needsInputGradient ? Tensor.zeros(input.shape) : nil }
        // dX = g·Wᵀ is written whole by its product (beta 0): no zero-filling first (2.7 MB for the
        // copy task's head, every step).
        var dX = needsInputGradient ? [Float](unsafeUninitializedCapacity: rows * F) { $1 = rows * F } : []
        g.scalars.withUnsafeBufferPointer { gp in
        input.scalars.withUnsafeBufferPointer { xp in
        kernel.value.scalars.withUnsafeBufferPointer { w in
        kernel.gradient.scalars.withUnsafeMutableBufferPointer { dw in
        bias.gradient.scalars.withUnsafeMutableBufferPointer { db in
        dX.withUnsafeMutableBufferPointer { dxp in
            let pointers = UncheckedSendable((gp.baseAddress!, xp.baseAddress!, w.baseAddress!, dw.baseAddress!,
                                              db.baseAddress!, needsInputGradient ? dxp.baseAddress : nil))
            // dW (with db) and dX read and write different memory: past a size, one core takes
            // each (the same products as one after the other).
            let split = needsInputGradient && rows * F >= Self.splitElements
            forEachPart(split ? 2 : 1) { part in
                let (g, x, w, dw, db, dx) = pointers.value
                let threads = split ? 1 : nil as Int?
                if part == 0 {
                    columnSums(g, rows: rows, columns: U, into: db)
                    sgemm(transA: true, m: F, n: U, k: rows, a: x, lda: F, b: g, ldb: U, beta: 1, c: dw, ldc: U,
                          threads: threads)
                }
                if let dx, part == 1 || !split {
                    sgemm(transB: true, m: rows, n: F, k: U, a: g, lda: U, b: w, ldb: U, beta: 0, c: dx, ldc: F,
                          threads: threads)
                }
            }
        }}}}}}
        return needsInputGradient ? try Tensor(shape: input.shape, scalars: dX) : nil
    }
}

extension Dense: TrainableConvertible {
    public func trainableLayers() throws -> [TrainableLayer] {
        [TrainableDense(kernel: kernel, bias: bias, activation: activation)]
    }
}
