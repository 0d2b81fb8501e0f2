import Foundation

/// Backpropagation through time of one LSTM layer written equation by equation in double
/// precision: the reference the fused training tape (`LSTMTape`) is checked against.
///
///     a_t = x_t·W_x + b_x + h_{t-1}·W_h + b_h;  i, f, o = σ(a_i, a_f, a_o), g = tanh(a_g)
///     c_t = f ⊙ c_{t-1} + i ⊙ g;  h_t = o ⊙ tanh(c_t)
///
/// Layout as the tape's: x (T, N, F), W_x (F, 4H), W_h (H, 4H), states (N, H), gates i, f, g, o.
enum LSTMReferencePass {
    /// [outputs (T, N, H), c_T, dW_x, dW_h, db_x, db_h, dX, ∂L/∂h_{-1}, ∂L/∂c_{-1}] for ∂L/∂outputs
    /// `dOutputs` (T, N, H) or, when nil, ∂L/∂h_T `dLast` (N, H).
    static func run(
        x: [Float], steps T: Int, batch N: Int, inputSize F: Int, hiddenSize H: Int,
        wx: [Float], wh: [Float], bx: [Float], bh: [Float], h0: [Float]?, c0: [Float]?,
        dOutputs: [Float]?, dLast: [Float]?
    ) -> [[Float]] {
        let G = 4 * H
        func sigmoid(_ v: Double) -> Double { 1 / (1 + exp(-v)) }
        var h = [[Double]](repeating: [], count: T + 1), c = h, gates = [[Double]](repeating: [], count: T)
        h[0] = h0.map { $0.map(Double.init) } ?? [Double](repeating: 0, count: N * H)
        c[0] = c0.map { $0.map(Double.init) } ?? [Double](repeating: 0, count: N * H)
        for t in 0..<T {
            var a = [Double](repeating: 0, count: N * G)
            h[t + 1] = [Double](repeating: 0, count: N * H)
            c[t + 1] = h[t + 1]
            for n in 0..<N {
                for j in 0..<G {
                    var s = Double(bx[j]) + Double(bh[j])
                    for k in 0..<F { s += Double(x[(t * N + n) * F + k]) * Double(wx[k * G + j]) }
                    for k in 0..<H { s += h[t][n * H + k] * Double(wh[k * G + j]) }
                    a[n * G + j] = j >= 2 * H && j < 3 * H ? tanh(s) : sigmoid(s)
                }
                for j in 0..<H {
                    let (i, f, g, o) = (a[n * G + j], a[n * G + H + j], a[n * G + 2 * H + j], a[n * G + 3 * H + j])
                    c[t + 1][n * H + j] = f * c[t][n * H + j] + i * g
                    h[t + 1][n * H + j] = o * tanh(c[t + 1][n * H + j])
                }
            }
            gates[t] = a
        }
        var dwx = [Double](repeating: 0, count: F * G), dwh = [Double](repeating: 0, count: H * G)
        var db = [Double](repeating: 0, count: G), dX = [Double](repeating: 0, count: T * N * F)
        var dh = dLast.map { $0.map(Double.init) } ?? [Double](repeating: 0, count: N * H)
        var dc = [Double](repeating: 0, count: N * H)
        for t in stride(from: T - 1, through: 0, by: -1) {
            let a = gates[t]
            var dA = [Double](repeating: 0, count: N * G)
            for n in 0..<N {
                for j in 0..<H {
                    let r = n * H + j
                    let dhr = dh[r] + (dOutputs.map { Double($0[t * N * H + r]) } ?? 0)
                    let (i, f, g, o) = (a[n * G + j], a[n * G + H + j], a[n * G + 2 * H + j], a[n * G + 3 * H + j])
                    let tc = tanh(c[t + 1][r])
                    let dcr = dc[r] + dhr * o * (1 - tc * tc)
                    dA[n * G + j] = dcr * g * i * (1 - i)
                    dA[n * G + H + j] = dcr * c[t][r] * f * (1 - f)
                    dA[n * G + 2 * H + j] = dcr * i * (1 - g * g)
                    dA[n * G + 3 * H + j] = dhr * tc * o * (1 - o)
                    dc[r] = dcr * f
                }
            }
            dh = [Double](repeating: 0, count: N * H)
            for n in 0..<N {
                for j in 0..<G {
                    let d = dA[n * G + j]
                    db[j] += d
                    for k in 0..<F {
                        dwx[k * G + j] += Double(x[(t * N + n) * F + k]) * d
                        dX[(t * N + n) * F + k] += d * Double(wx[k * G + j])
                    }
                    for k in 0..<H {
                        dwh[k * G + j] += h[t][n * H + k] * d
                        dh[n * H + k] += d * Double(wh[k * G + j])
                    }
                }
            }
        }
        let outputs = h[1...].flatMap { $0 }
        return [outputs, c[T], dwx, dwh, db, db, dX, dh, dc].map { $0.map(Float.init) }
    }
}
