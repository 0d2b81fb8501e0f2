import Foundation

extension GRU: GateTracing {
    public static let traceSignals: [(key: String, name: String, range: TraceSignal.Range)] = [
        ("r", "reset gate", .unit), ("z", "update gate", .unit), ("n", "candidate", .signed),
        ("h", "hidden state", .signed),
    ]

    /// r, z and the candidate n by the equations of `GRU` (reset after or before the recurrent
    /// product, as the cell runs); h_t as the step left it.
    public func traceStep(
        projection p: UnsafePointer<Float>, hPrevious: UnsafePointer<Float>,
        h: UnsafePointer<Float>, c: UnsafePointer<Float>?, into out: UnsafeMutablePointer<Float>
    ) {
        let hs = hiddenSize
        let b = recurrentBias.scalars
        for col in 0..<2 * hs {
            out[col] = sigmoid(p[col] + recurrentDot(hPrevious, column: col) + b[col])
        }
        let resetState = UnsafeMutablePointer<Float>.allocate(capacity: hs)
        defer { resetState.deallocate() }
        for k in 0..<hs { resetState[k] = out[k] * hPrevious[k] }
        for j in 0..<hs {
            let col = 2 * hs + j
            out[col] = resetAfter
                ? tanh(p[col] + out[j] * (recurrentDot(hPrevious, column: col) + b[col]))
                : tanh(p[col] + recurrentDot(resetState, column: col) + b[col])
        }
        (out + 3 * hs).update(from: h, count: hs)
    }
}
