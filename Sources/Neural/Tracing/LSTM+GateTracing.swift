import Foundation

extension LSTM: GateTracing {
    public static let traceSignals: [(key: String, name: String, range: TraceSignal.Range)] = [
        ("i", "input gate", .unit), ("f", "forget gate", .unit), ("g", "candidate", .signed),
        ("o", "output gate", .unit), ("c", "cell state", .unbounded), ("h", "hidden state", .signed),
    ]

    /// i, f, g, o from z = x_t·W_x + b_x + h_{t−1}·W_h + b_h (see `LSTM`); c_t and h_t as the step
    /// left them.
    public func traceStep(
        projection p: UnsafePointer<Float>, hPrevious: UnsafePointer<Float>,
        h: UnsafePointer<Float>, c: UnsafePointer<Float>?, into out: UnsafeMutablePointer<Float>
    ) {
        let hs = hiddenSize
        for gate in 0..<4 {
            for j in 0..<hs {
                let col = gate * hs + j
                let z = p[col] + recurrentDot(hPrevious, column: col) + recurrentBias.scalars[col]
                out[col] = gate == 2 ? tanh(z) : sigmoid(z)
            }
        }
        if let c { (out + 4 * hs).update(from: c, count: hs) }
        (out + 5 * hs).update(from: h, count: hs)
    }
}
