/// The GRU variant with the reset gate applied *before* the recurrent product of the candidate
/// (Cho et al. 2014; Keras `GRU(reset_after=False)`):
///
///     r = σ(x̂_r + h_{t-1}·W_hr + b_hr)   z = σ(x̂_z + h_{t-1}·W_hz + b_hz)
///     n = tanh(x̂_n + (r ⊙ h_{t-1})·W_hn + b_hn)
///     h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}
///
/// The candidate is the last column block (r, z, n), so the r and z blocks are the first 2H
/// columns of W_h and the candidate's product uses columns 2H..<3H.
extension GRUTape {
    func forwardResetBefore(
        x input: UnsafePointer<Float>, steps T: Int, batch N: Int, inputSize F: Int, hiddenSize H: Int,
        wx: UnsafePointer<Float>, wh: UnsafePointer<Float>, bx: UnsafePointer<Float>, bh: UnsafePointer<Float>,
        h0: UnsafePointer<Float>?
    ) {
        (steps, batch, inputSize, hiddenSize) = (T, N, F, H)
        let G = 3 * H
        let xs = x.resize(T * N * F)
        xs.update(from: input, count: T * N * F)
        let a = gates.resize(T * N * G), hp = hproj.resize(T * N * G)
        let hs = h.resize((T + 1) * N * H), rh = resetHidden.resize(T * N * H)
        hs.update(fromOrZero: h0, count: N * H)
        for r in 0..<(T * N) { (a + r * G).update(from: bx, count: G) }
        if T * N > 0 && F > 0 {
            sgemm(m: T * N, n: G, k: F, a: xs, lda: F, b: wx, ldb: G, beta: 1, c: a, ldc: G)
        }
        let (ro, zo, no) = (order.reset * H, order.update * H, 2 * H)
        // Rows of the batch are independent through time: one part per core (see TrainingRowSplit).
        // W_h's blocks packed once for the T products (the packed kernel also gives every row the
        // same arithmetic whatever the part's row count, so the split stays bit-identical).
        let packedRZ = PackedMatrix(rows: H, columns: 2 * H, b: wh, ldb: G)
        let packedN = PackedMatrix(rows: H, columns: H, b: wh + 2 * H, ldb: G)
        let split = TrainingRowSplit(rows: N, flops: 2 * T * N * H * G, forced: rowParts)
        split.run { rows in
            let (lo, m) = (rows.lowerBound, rows.count)
            for t in 0..<T {
                let at = a + (t * N + lo) * G, ht = hp + (t * N + lo) * G, rht = rh + (t * N + lo) * H
                let hPrev = hs + (t * N + lo) * H, hNext = hs + ((t + 1) * N + lo) * H
                for n in 0..<m { (ht + n * G).update(from: bh, count: G) }
                sgemm(m: m, a: hPrev, lda: H, packedB: packedRZ, beta: 1, c: ht, ldc: G)
                for n in 0..<m {
                    let xr = at + n * G, hr = ht + n * G
                    for j in 0..<H {
                        let r = logistic(xr[ro + j] + hr[ro + j]), z = logistic(xr[zo + j] + hr[zo + j])
                        xr[ro + j] = r
                        xr[zo + j] = z
                        rht[n * H + j] = r * hPrev[n * H + j]
                    }
                }
                // ĥ_n = (r ⊙ h_{t-1})·W_hn + b_hn
                sgemm(m: m, a: rht, lda: H, packedB: packedN, beta: 1, c: ht + no, ldc: G)
                for n in 0..<m {
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
        dhp.update(fromOrZero: dLastHidden, count: N * H)
        let a = gates.pointer, hs = h.pointer, rh = resetHidden.pointer
        let (ro, zo, no) = (order.reset * H, order.update * H, 2 * H)
        let packedNT = PackedMatrix(transposed: true, rows: H, columns: H, b: wh + 2 * H, ldb: G)
        let packedRZT = PackedMatrix(transposed: true, rows: 2 * H, columns: H, b: wh, ldb: G)
        let split = TrainingRowSplit(rows: N, flops: 2 * T * N * H * G, forced: rowParts)
        split.run { rows in
            let (lo, m) = (rows.lowerBound, rows.count)
            let dhp = dhp + lo * H, drh = drh + lo * H
            for t in stride(from: T - 1, through: 0, by: -1) {
                if let dOutputs {
                    let d = dOutputs + (t * N + lo) * H
                    for k in 0..<(m * H) { dhp[k] += d[k] }
                }
                let at = a + (t * N + lo) * G, dxt = dx + (t * N + lo) * G, dht = dhh + (t * N + lo) * G
                let hPrev = hs + (t * N + lo) * H
                for n in 0..<m {
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
                sgemm(m: m, a: dht + no, lda: G, packedB: packedNT, beta: 0, c: drh, ldc: H)
                for n in 0..<m {
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
                sgemm(m: m, a: dht, lda: G, packedB: packedRZT, beta: 1, c: dhp, ldc: H)
            }
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
