/// A fully connected layer applied to the last axis: y = activation(x·W + b).
///
/// Keras `Dense` (kernel (F, U), bias (U)) and PyTorch `nn.Linear` (weight (U, F), the transpose,
/// bias (U)). Like both, an input of any rank (…, F) maps to (…, U), so on (N, T, F) it behaves as
/// `TimeDistributed(Dense)`.
public struct Dense: Layer {
    /// W (F, U): Keras `kernel`; PyTorch `weight` transposed.
    public var kernel: Tensor
    /// b (U): Keras and PyTorch `bias`.
    public var bias: Tensor
    /// Applied after the affine map.
    public var activation: Activation

    /// F: input features.
    public var inputSize: Int { kernel.shape[0] }
    /// U: output units.
    public var units: Int { kernel.shape[1] }

    /// - Parameters:
    ///   - kernel: W (F, U).
    ///   - bias: b (U); zeros when nil (`use_bias=False`, `bias=False`).
    ///   - activation: default linear.
    /// - Throws: `NeuralError` when the shapes do not fit.
    public init(kernel: Tensor, bias: Tensor? = nil, activation: Activation = .linear) throws {
        guard kernel.rank == 2 else {
            throw NeuralError.invalidShape("Dense kernel must be (F, U), got \(kernel.shape)")
        }
        let b = bias ?? .zeros([kernel.shape[1]])
        guard b.shape == [kernel.shape[1]] else {
            throw NeuralError.shapeMismatch("Dense bias must be [\(kernel.shape[1])], got \(b.shape)")
        }
        self.kernel = kernel
        self.bias = b
        self.activation = activation
    }

    /// A Dense layer with zero parameters (shapes only).
    /// - Parameters:
    ///   - inputSize: F.  - units: U.  - activation: default linear.
    public init(inputSize: Int, units: Int, activation: Activation = .linear) {
        kernel = .zeros([inputSize, units])
        bias = .zeros([units])
        self.activation = activation
    }

    /// Maps (…, F) to (…, U).
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        let rows = try validate(x)
        var out = Tensor.zeros(Array(x.shape.dropLast()) + [units])
        x.scalars.withUnsafeBufferPointer { xp in
            out.scalars.withUnsafeMutableBufferPointer { op in
                apply(rows: rows, x: xp.baseAddress, out: op.baseAddress)
            }
        }
        return out
    }

    /// Maps (…, F) to (…, U) with plain loops: the reference `callAsFunction` is tested against.
    public func referenceForward(_ x: Tensor) throws -> Tensor {
        let rows = try validate(x)
        let (f, u) = (inputSize, units)
        var out = Tensor.zeros(Array(x.shape.dropLast()) + [u])
        for r in 0..<rows {
            for j in 0..<u {
                var s = bias.scalars[j]
                for k in 0..<f { s += x.scalars[r * f + k] * kernel.scalars[k * u + j] }
                out.scalars[r * u + j] = s
            }
        }
        out.scalars.withUnsafeMutableBufferPointer { activation.apply($0.baseAddress!, rows: rows, width: u) }
        return out
    }

    /// Checks the last axis and returns the number of rows (product of the other axes).
    func validate(_ x: Tensor) throws -> Int {
        guard x.rank >= 1, x.shape[x.rank - 1] == inputSize else {
            throw NeuralError.shapeMismatch("Dense expects last axis \(inputSize), got input of shape \(x.shape)")
        }
        return x.count / max(inputSize, 1)
    }

    /// The fast path over raw buffers: out (rows, U) = activation(x (rows, F)·W + b), one GEMM.
    func apply(rows: Int, x: UnsafePointer<Float>?, out: UnsafeMutablePointer<Float>?) {
        guard rows > 0, units > 0, let out else { return }
        let (f, u) = (inputSize, units)
        bias.scalars.withUnsafeBufferPointer { b in
            for r in 0..<rows { (out + r * u).update(from: b.baseAddress!, count: u) }
        }
        if f > 0, let x {
            kernel.scalars.withUnsafeBufferPointer { w in
                sgemm(m: rows, n: u, k: f, a: x, lda: f, b: w.baseAddress!, ldb: u, beta: 1, c: out, ldc: u)
            }
        }
        activation.apply(out, rows: rows, width: u)
    }
}
