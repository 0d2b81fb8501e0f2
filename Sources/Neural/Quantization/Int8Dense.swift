/// A fully connected layer with int8 weights, quantised per output unit; bias in float:
/// y = activation(x·W + b), like `Dense`.
public struct Int8Dense: Layer {
    /// The dequantised layer: the float path, the bias, the activation and the shapes.
    public let dequantized: Dense
    /// W (F, U) in int8.
    public let weights: Int8Matrix
    /// The stored int8 tensor (U, F) (PyTorch's layout).
    public let tensor: Int8Tensor
    /// Which products run in int8.
    public var compute: Int8Compute
    /// The instruction set of the int8 kernel.
    public var kernel: Int8KernelPath = .best

    /// F: input features.
    public var inputSize: Int { dequantized.inputSize }
    /// U: output units.
    public var units: Int { dequantized.units }

    /// A Dense layer from a stored int8 weight (U, F).
    /// - Throws: `NeuralError` when the bias does not fit.
    public init(weight: Int8Tensor, bias: Tensor?, activation: Activation = .linear, compute: Int8Compute = .automatic) throws {
        dequantized = try Dense(kernel: try weight.dequantized().transposed(), bias: bias, activation: activation)
        tensor = weight
        weights = Int8Matrix(weight)
        self.compute = compute
    }

    /// Quantises a float Dense layer per output unit.
    /// - Throws: `NeuralError.invalidArgument` for NaN or infinite weights.
    public init(quantizing dense: Dense, compute: Int8Compute = .automatic) throws {
        try self.init(weight: Int8Tensor(quantizing: dense.kernel.transposed()), bias: dense.bias,
                      activation: dense.activation, compute: compute)
    }

    /// Maps (…, F) to (…, U).
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        let rows = try dequantized.validate(x)
        var out = Tensor.zeros(Array(x.shape.dropLast()) + [units])
        x.scalars.withUnsafeBufferPointer { xp in
            out.scalars.withUnsafeMutableBufferPointer { op in apply(rows: rows, x: xp.baseAddress, out: op.baseAddress) }
        }
        return out
    }

    /// The kernel's int8 arithmetic written out (`Int8Tensor.referenceProduct`), row by row;
    /// the float reference when `compute` is `.dequantized`.
    public func referenceForward(_ x: Tensor) throws -> Tensor {
        guard compute != .dequantized else { return try dequantized.referenceForward(x) }
        let rows = try dequantized.validate(x)
        let (f, u) = (inputSize, units)
        var out = Tensor.zeros(Array(x.shape.dropLast()) + [u])
        for r in 0..<rows {
            let y = tensor.referenceProduct(Array(x.scalars[r * f..<(r + 1) * f]))
            for j in 0..<u { out.scalars[r * u + j] = dequantized.bias.scalars[j] + y[j] }
        }
        out.scalars.withUnsafeMutableBufferPointer { dequantized.activation.apply($0.baseAddress!, rows: rows, width: u) }
        return out
    }

    /// out (rows, U) = activation(x (rows, F)·W + b) on raw buffers.
    func apply(rows: Int, x: UnsafePointer<Float>?, out: UnsafeMutablePointer<Float>?) {
        guard compute.usesInt8(rows: rows, inputs: inputSize) else {
            dequantized.apply(rows: rows, x: x, out: out)
            return
        }
        guard rows > 0, units > 0, let out else { return }
        let (f, u) = (inputSize, units)
        dequantized.bias.scalars.withUnsafeBufferPointer { b in
            for r in 0..<rows { (out + r * u).update(from: b.baseAddress!, count: u) }
        }
        if f > 0, let x { weights.product(m: rows, a: x, lda: f, accumulate: true, c: out, ldc: u, path: kernel) }
        dequantized.activation.apply(out, rows: rows, width: u)
    }

    public func makeStream(batchSize: Int) throws -> any LayerStream {
        try DenseStream(self, batchSize: batchSize)
    }
}

extension Int8Dense: RowMapping {}
