/// A score reported next to the loss during `fit` and `evaluate`; higher-is-better or not, it is
/// the mean over the rows (masked rows excluded), like Keras' metrics.
public enum Metric: String, Codable, Sendable {
    /// Mean absolute error.
    case mae
    /// Fraction of elements where (prediction > 0) equals (target > 0.5): binary accuracy for
    /// logits.
    case binaryAccuracyFromLogits
    /// Fraction of elements where (prediction > 0.5) equals (target > 0.5).
    case binaryAccuracy
    /// Fraction of rows whose arg-max equals the target's arg-max (or class id when the target has
    /// one value per row).
    case accuracy

    /// Short label for progress lines.
    public var label: String {
        switch self {
        case .mae: return "mae"
        case .binaryAccuracyFromLogits, .binaryAccuracy: return "acc"
        case .accuracy: return "acc"
        }
    }

    /// The metric over a batch: (sum of per-row scores, number of rows counted).
    func sum(prediction p: Tensor, target y: Tensor, mask: [Float]?) -> (Double, Double) {
        guard let c = p.shape.last, c > 0 else { return (0, 0) }
        let rows = p.count / c
        var s = 0.0, n = 0.0
        for r in 0..<rows {
            if let mask, mask[r] == 0 { continue }
            let base = r * c
            var v = 0.0
            switch self {
            case .mae:
                for j in 0..<c { v += Double(abs(p.scalars[base + j] - y.scalars[base + j])) }
                v /= Double(c)
            case .binaryAccuracyFromLogits, .binaryAccuracy:
                let threshold: Float = self == .binaryAccuracy ? 0.5 : 0
                for j in 0..<c where (p.scalars[base + j] > threshold) == (y.scalars[base + j] > 0.5) { v += 1 }
                v /= Double(c)
            case .accuracy:
                var best = 0
                for j in 1..<max(c, 1) where p.scalars[base + j] > p.scalars[base + best] { best = j }
                let truth: Int
                if y.count == rows {
                    truth = Int(y.scalars[r])
                } else {
                    var t = 0
                    for j in 1..<max(c, 1) where y.scalars[base + j] > y.scalars[base + t] { t = j }
                    truth = t
                }
                v = best == truth ? 1 : 0
            }
            s += v
            n += 1
        }
        return (s, n)
    }
}
