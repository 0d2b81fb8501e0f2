/// A recurrent cell that can name and compute its internal signals at each step (tracing).
///
/// The cell's own `step` produces h_t and c_t, which tracing records as they are; the gates, which
/// the fused kernels never write out, are recomputed from the step's inputs (x_t·W_x + b_x and
/// h_{t−1}) by the cell's equations, one sample at a time.
public protocol GateTracing: RecurrentCell {
    /// The signals `traceStep` writes, in order: key, name and range of each.
    static var traceSignals: [(key: String, name: String, range: TraceSignal.Range)] { get }

    /// One sample's signals at one step.
    /// - Parameters:
    ///   - projection: x_t·W_x + b_x (G·H).
    ///   - hPrevious: h_{t−1} (H).  - h: h_t (H).
    ///   - c: c_t (H), nil for cells without a cell state.
    ///   - out: signal k of unit j goes to `out[k·H + j]` (`traceSignals.count` · H floats).
    func traceStep(
        projection: UnsafePointer<Float>, hPrevious: UnsafePointer<Float>,
        h: UnsafePointer<Float>, c: UnsafePointer<Float>?, into out: UnsafeMutablePointer<Float>)
}

extension GateTracing {
    /// Σ_k v[k] · W_h[k, column] over the H rows of the recurrent kernel.
    func recurrentDot(_ v: UnsafePointer<Float>, column: Int) -> Float {
        let (hs, width) = (hiddenSize, recurrentKernel.shape[1])
        return recurrentKernel.scalars.withUnsafeBufferPointer { w in
            var s: Float = 0
            for k in 0..<hs { s += v[k] * w[k * width + column] }
            return s
        }
    }
}
