/// The GRU variant with the reset gate applied *before* the recurrent product of the candidate
/// (Cho et al. 2014; Keras `GRU(reset_after=False)`):
///
///     r = σ(x̂_r + h_{t-1}·W_hr + b_hr)   z = σ(x̂_z + h_{t-1}·W_hz + b_hz)
///     n = tanh(x̂_n + (r ⊙ h_{t-1})·W_hn + b_hn)
///     h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}
///
/// Both gate orders keep the candidate in the last column block, so the r and z blocks are the
/// first 2H columns of W_h and the candidate's product uses columns 2H..<3H.
extension GRUTape {
    func forwardResetBefore(
        x input: UnsafePointer<Float>, steps T: Int, batch N: Int, inputSize F: Int, hiddenSize H: Int,
        wx: UnsafePointer<Float>, wh: UnsafePointer<Float>, bx: UnsafePointer<Float>, bh: UnsafePointer<Float>,
        h0: UnsafePointer<Float>?
    ) {
        precondition(order.candidate == 2, "the candidate must be the last gate block")
        (steps, batch, inputSize, hiddenSize) = (T, N, F, H)
        let G = 3 * H
        let xs = x.resize(T * N * F)
        xs.update(from: input, count: T * N * F)
        let a = gates.resize(T * N * G), hp = hproj.resize(T * N * G)
        let hs = h.resize((T + 1) * N * H), rh = resetHidden.resize(T * N * H)
        if let h0 { hs.update(from: h0, count: N * H) } else { hs.update(repeating: 0, count: N * H) }
        for r in 0..<(T * N) { (a + r * G).update(from: bx, count: G) }
        if T * N > 0 && F > 0 {
            sgemm(m: T * N, n: G, k: F, a: xs, lda: F, b: wx, ldb: G, beta: 1, c: a, ldc: G)
        }
        let (ro, zo, no) = (order.reset * H, order.update * H, 2 * H)
        for t in 0..<T {
            let at = a + t * N * G, ht = hp + t * N * G, rht = rh + t * N * H
            let hPrev = hs + t * N * H, hNext = hs + (t + 1) * N * H
            for n in 0..<N { (ht + n * G).update(from: bh, count: G) }
            sgemm(m: N, n: 2 * H, k: H, a: hPrev, lda: H, b: wh, ldb: G, beta: 1, c: ht, ldc: G)
            for n in 0..<N {
                let xr = at + n * G, hr = ht + n * G
                for j in 0..<H {
                    let r = logistic(xr[ro + j] + hr[ro + j]), z = logistic(xr[zo + j] + hr[zo + j])
                    xr[ro + j] = r
                    xr[zo + j] = z
                    rht[n * H + j] = r * hPrev[n * H + j]
                }
            }
            // ĥ_n = (r ⊙ h_{t-1})·W_hn + b_hn
            sgemm(m: N, n: H, k: H, a: rht, lda: H, b: wh + 2 * H, ldb: G, beta: 1, c: ht + no, ldc: G)
            for n in 0..<N {
                let xr = at + n * G, hr = ht + n * G
                for j in 0..<H {
                    let c = tanhf(xr[no + j] + hr[no + j])
                    xr[no + j] = c
                    let z = xr[zo + j]
                    hNext[n * H + j] = (1 - z) * c + z * hPrev[n * H + j]
                }
            }
        }
    }

    func backwardResetBefore(
        dOutputs: UnsafePointer<Float>?, dLastHidden: UnsafePointer<Float>?,
        wx: UnsafePointer<Float>, wh: UnsafePointer<Float>,
        dWx: UnsafeMutablePointer<Float>, dWh: UnsafeMutablePointer<Float>,
        dbx: UnsafeMutablePointer<Float>, dbh: UnsafeMutablePointer<Float>,
        dX: UnsafeMutablePointer<Float>?
    ) {
        let (T, N, F, H) = (steps, batch, inputSize, hiddenSize)
        let G = 3 * H
        let dx = dAx.resize(T * N * G), dhh = dAh.resize(T * N * G)
        let dhp = dh.resize(N * H), drh = dResetHidden.resize(N * H)
        if let dLastHidden { dhp.update(from: dLastHidden, count: N * H) } else { dhp.update(repeating: 0, count: N * H) }
        let a = gates.pointer, hs = h.pointer, rh = resetHidden.pointer
        let (ro, zo, no) = (order.reset * H, order.update * H, 2 * H)
        for t in stride(from: T - 1, through: 0, by: -1) {
            if let dOutputs {
                let d = dOutputs + t * N * H
                for k in 0..<(N * H) { dhp[k] += d[k] }
            }
            let at = a + t * N * G, dxt = dx + t * N * G, dht = dhh + t * N * G
            let hPrev = hs + t * N * H
            for n in 0..<N {
                let g = at + n * G, gx = dxt + n * G, gh = dht + n * G
                for j in 0..<H {
                    let k = n * H + j
                    let z = g[zo + j], c = g[no + j], d = dhp[k]
                    let dan = d * (1 - z) * (1 - c * c)
                    let daz = d * (hPrev[k] - c) * z * (1 - z)
                    gx[no + j] = dan; gh[no + j] = dan
                    gx[zo + j] = daz; gh[zo + j] = daz
                    dhp[k] = d * z
                }
            }
            // ∂L/∂(r ⊙ h_{t-1}) = dÂ_n · W_hnᵀ
            sgemm(transB: true, m: N, n: H, k: H, a: dht + no, lda: G, b: wh + 2 * H, ldb: G, beta: 0, c: drh, ldc: H)
            for n in 0..<N {
                let g = at + n * G, gx = dxt + n * G, gh = dht + n * G
                for j in 0..<H {
                    let k = n * H + j
                    let r = g[ro + j]
                    let dar = drh[k] * hPrev[k] * r * (1 - r)
                    gx[ro + j] = dar; gh[ro + j] = dar
                    dhp[k] += drh[k] * r
                }
            }
            // ∂L/∂h_{t-1} += dÂ_{r,z} · W_{h,rz}ᵀ
            sgemm(transB: true, m: N, n: H, k: 2 * H, a: dht, lda: G, b: wh, ldb: G, beta: 1, c: dhp, ldc: H)
        }
        guard T * N > 0 else { return }
        if F > 0 {
            sgemm(transA: true, m: F, n: G, k: T * N, a: x.pointer, lda: F, b: dx, ldb: G, beta: 1, c: dWx, ldc: G)
        }
        sgemm(transA: true, m: H, n: 2 * H, k: T * N, a: hs, lda: H, b: dhh, ldb: G, beta: 1, c: dWh, ldc: G)
        sgemm(transA: true, m: H, n: H, k: T * N, a: rh, lda: H, b: dhh + no, ldb: G, beta: 1, c: dWh + no, ldc: G)
        columnSums(dx, rows: T * N, columns: G, into: dbx)
        columnSums(dhh, rows: T * N, columns: G, into: dbh)
        if let dX, F > 0 {
            sgemm(transB: true, m: T * N, n: F, k: G, a: dx, lda: G, b: wx, ldb: G, beta: 0, c: dX, ldc: F)
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
