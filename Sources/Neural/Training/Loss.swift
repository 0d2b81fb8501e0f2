import Foundation

/// A training objective: the loss of a prediction against a target, and its gradient.
///
/// The prediction is read as rows of C values over its last axis (C = last extent; for
/// `sparseCategoricalCrossentropy` the target holds one class id per row). Every row gets a
/// per-row loss ℓ_r (mean over its C values for the elementwise losses, the cross-entropy of
/// the row for the categorical ones) and the batch loss is the weighted mean
/// L = Σ_r m_r ℓ_r / Σ_r m_r, with m_r the mask (1 for every row when there is none). Without
/// a mask this equals PyTorch's and Keras' default mean reduction.
public enum Loss: String, Codable, Sendable {
    /// Mean squared error, mean over all elements (PyTorch `MSELoss`, Keras `mse`).
    case mse
    /// Mean absolute error (PyTorch `L1Loss`, Keras `mae`).
    case mae
    /// Softmax cross-entropy from logits against target probabilities over C classes
    /// (Keras `CategoricalCrossentropy(from_logits=True)`).
    case categoricalCrossentropy
    /// Softmax cross-entropy from logits against class ids (PyTorch `CrossEntropyLoss`,
    /// Keras `SparseCategoricalCrossentropy(from_logits=True)`).
    case sparseCategoricalCrossentropy
    /// Binary cross-entropy from logits, numerically stable (PyTorch `BCEWithLogitsLoss`).
    case binaryCrossentropyFromLogits
    /// Binary cross-entropy from probabilities, clipped to [1e−7, 1 − 1e−7] as Keras does.
    case binaryCrossentropy

    /// The loss and ∂L/∂prediction.
    /// - Parameters:
    ///   - prediction: (..., C).
    ///   - target: same shape as prediction; for sparse cross-entropy one id per row
    ///     (shape without the last axis, or with a last axis of 1).
    ///   - mask: one weight per row (0 = padded timestep, ignored), or nil.
    /// - Throws: `NeuralError` on mismatched shapes, ids out of range, or non-finite values.
    public func evaluate(prediction p: Tensor, target y: Tensor, mask: [Float]? = nil) throws -> (loss: Float, gradient: Tensor) {
        guard let c = p.shape.last, c > 0 else {
            throw NeuralError.invalidShape("prediction must have a non-empty last axis, got \(p.shape)")
        }
        let rows = p.count / c
        if self == .sparseCategoricalCrossentropy {
            guard y.count == rows else {
                throw NeuralError.shapeMismatch("sparse targets need one class id per row: \(rows) rows, target shape \(y.shape)")
            }
        } else {
            guard y.count == p.count else {
                throw NeuralError.shapeMismatch("target shape \(y.shape) does not match prediction shape \(p.shape)")
            }
        }
        if let mask, mask.count != rows {
            throw NeuralError.shapeMismatch("mask has \(mask.count) weights for \(rows) rows")
        }
        let weightSum = mask.map { $0.reduce(0, +) } ?? Float(rows)
        guard weightSum > 0 else { return (0, Tensor.zeros(p.shape)) }
        if self == .sparseCategoricalCrossentropy {
            // Padded rows (weight 0) may hold any id.
            for (r, v) in y.scalars.enumerated() where (mask?[r] ?? 1) != 0 {
                guard v.isFinite, v == v.rounded(), v >= 0, Int(v) < c else {
                    throw NeuralError.invalidArgument("class id \(v) is not an integer in 0..<\(c)")
                }
            }
        }
        var gScalars = [Float](repeating: 0, count: p.count)
        let inv = 1 / weightSum
        // Buffers instead of the tensors' subscripts: a checked, copy-on-write subscript per
        // element took 31 µs for the n-back loss (1,920 logits), 1.5 % of its training step.
        // Past 8k values the rows are cut into one range per core (n-back's 1,920 logits with
        // libm's log1p and exp: 27 µs on one core); each range sums its own total.
        var totals = [Double](repeating: 0, count: rows * c >= 1 << 13 ? defaultGEMMThreads() : 1)
        p.scalars.withUnsafeBufferPointer { pb in
        y.scalars.withUnsafeBufferPointer { yb in
        gScalars.withUnsafeMutableBufferPointer { gb in
        totals.withUnsafeMutableBufferPointer { tb in
        let pointers = UncheckedSendable((pb, yb, gb, tb))
        forEachPart(tb.count) { part in
        let (pb, yb, gb, tb) = pointers.value
        var total: Double = 0
        for r in (rows * part / tb.count)..<(rows * (part + 1) / tb.count) {
            let w = mask?[r] ?? 1
            if w == 0 { continue }
            let base = r * c
            let scale = w * inv
            switch self {
            case .mse:
                var s: Float = 0
                for j in 0..<c {
                    let d = pb[base + j] - yb[base + j]
                    s += d * d
                    gb[base + j] = 2 * d / Float(c) * scale
                }
                total += Double(w * s / Float(c))
            case .mae:
                var s: Float = 0
                for j in 0..<c {
                    let d = pb[base + j] - yb[base + j]
                    s += abs(d)
                    gb[base + j] = (d > 0 ? 1 : d < 0 ? -1 : 0) / Float(c) * scale
                }
                total += Double(w * s / Float(c))
            case .categoricalCrossentropy, .sparseCategoricalCrossentropy:
                var m = -Float.infinity
                for j in 0..<c { m = max(m, pb[base + j]) }
                var z: Float = 0
                for j in 0..<c { z += expf(pb[base + j] - m) }
                let logZ = m + logf(z)
                var s: Float = 0
                if self == .sparseCategoricalCrossentropy {
                    let k = Int(yb[r])  // checked above
                    s = logZ - pb[base + k]
                    for j in 0..<c {
                        gb[base + j] = (expf(pb[base + j] - logZ) - (j == k ? 1 : 0)) * scale
                    }
                } else {
                    var ySum: Float = 0
                    for j in 0..<c {
                        let t = yb[base + j]
                        ySum += t
                        s += t * (logZ - pb[base + j])
                    }
                    for j in 0..<c {
                        gb[base + j] = (expf(pb[base + j] - logZ) * ySum - yb[base + j]) * scale
                    }
                }
                total += Double(w * s)
            case .binaryCrossentropyFromLogits:
                var s: Float = 0
                for j in 0..<c {
                    let x = pb[base + j], t = yb[base + j]
                    // max(x, 0) − x·t + log(1 + e^(−|x|)): no overflow for large |x|.
                    s += max(x, 0) - x * t + log1pf(expf(-abs(x)))
                    gb[base + j] = (logistic(x) - t) / Float(c) * scale
                }
                total += Double(w * s / Float(c))
            case .binaryCrossentropy:
                let eps: Float = 1e-7
                var s: Float = 0
                for j in 0..<c {
                    let raw = pb[base + j], t = yb[base + j]
                    let q = min(max(raw, eps), 1 - eps)
                    s -= t * logf(q) + (1 - t) * logf(1 - q)
                    // The clip has zero slope outside [eps, 1 − eps], as in Keras.
                    let inside = raw > eps && raw < 1 - eps
                    gb[base + j] = inside ? (q - t) / (q * (1 - q)) / Float(c) * scale : 0
                }
                total += Double(w * s / Float(c))
            }
        }
        tb[part] = total
        }
        }}}}
        let g = try Tensor(shape: p.shape, scalars: gScalars)
        let loss = Float(totals.reduce(0, +) / Double(weightSum))
        guard loss.isFinite else {
            throw NeuralError.invalidArgument("loss is not finite (\(loss)): check the inputs and targets for NaN or infinity")
        }
        return (loss, g)
    }
}
