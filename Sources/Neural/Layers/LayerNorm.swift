import Foundation

/// Layer normalisation over the last axis: y = (x − mean) / √(var + ε) · γ + β.
///
/// PyTorch `nn.LayerNorm(D, eps)` (`weight` γ, `bias` β; the biased variance, as PyTorch and
/// Ba et al. 2016 define it). BERT uses ε = 1e-12.
public struct LayerNorm: Layer {
    /// γ (D): PyTorch `weight`.
    public let gamma: Tensor
    /// β (D): PyTorch `bias`.
    public let beta: Tensor
    /// ε, added to the variance.
    public let epsilon: Float

    /// D: the normalised width.
    public var width: Int { gamma.count }

    /// - Throws: `NeuralError` when γ and β are not two vectors of one width ≥ 1, or ε is not a
    ///   finite number ≥ 0.
    public init(gamma: Tensor, beta: Tensor, epsilon: Float = 1e-5) throws {
        guard gamma.rank == 1, gamma.count >= 1 else {
            throw NeuralError.invalidShape("LayerNorm weight must be a vector (D), got \(gamma.shape)")
        }
        guard beta.shape == gamma.shape else {
            throw NeuralError.shapeMismatch("LayerNorm bias must be \(gamma.shape) like its weight, got \(beta.shape)")
        }
        guard epsilon.isFinite, epsilon >= 0 else {
            throw NeuralError.invalidArgument("LayerNorm epsilon must be a finite number ≥ 0, got \(epsilon)")
        }
        self.gamma = gamma
        self.beta = beta
        self.epsilon = epsilon
    }

    /// Normalises every row of (…, D).
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        let rows = try validate(x)
        var out = x
        out.scalars.withUnsafeMutableBufferPointer { apply(rows: rows, $0.baseAddress!) }
        return out
    }

    /// The definition in plain loops with Double sums: the reference `callAsFunction` is tested against.
    public func referenceForward(_ x: Tensor) throws -> Tensor {
        let rows = try validate(x)
        let d = width
        var out = x
        for r in 0..<rows {
            var mean = 0.0
            for j in 0..<d { mean += Double(x.scalars[r * d + j]) }
            mean /= Double(d)
            var variance = 0.0
            for j in 0..<d { let c = Double(x.scalars[r * d + j]) - mean; variance += c * c }
            variance /= Double(d)
            let scale = 1 / (variance + Double(epsilon)).squareRoot()
            for j in 0..<d {
                let y = (Double(x.scalars[r * d + j]) - mean) * scale * Double(gamma.scalars[j]) + Double(beta.scalars[j])
                out.scalars[r * d + j] = Float(y)
            }
        }
        return out
    }

    /// The fast path, in place over `rows` rows of D floats: two passes per row (mean, then the
    /// centred variance, which keeps the precision a one-pass E[x²] − E[x]² loses).
    func apply(rows: Int, _ p: UnsafeMutablePointer<Float>) {
        let d = width
        gamma.scalars.withUnsafeBufferPointer { g in
            beta.scalars.withUnsafeBufferPointer { b in
                for r in 0..<rows {
                    let row = p + r * d
                    var sum: Float = 0
                    for j in 0..<d { sum += row[j] }
                    let mean = sum / Float(d)
                    var squares: Float = 0
                    for j in 0..<d { let c = row[j] - mean; squares += c * c }
                    let scale = 1 / (squares / Float(d) + epsilon).squareRoot()
                    for j in 0..<d { row[j] = (row[j] - mean) * scale * g[j] + b[j] }
                }
            }
        }
    }

    func validate(_ x: Tensor) throws -> Int {
        guard x.rank >= 1, x.shape[x.rank - 1] == width else {
            throw NeuralError.shapeMismatch("LayerNorm expects last axis \(width), got input of shape \(x.shape)")
        }
        return x.count / width
    }
}
