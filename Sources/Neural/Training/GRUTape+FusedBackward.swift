import CKernels

extension GRUTape {
    /// Backpropagation (`reset_after`) with the weight and input gradients taken step by step
    /// inside each part of the batch split, as `LSTMTape.backwardFused`: each part keeps only the
    /// last `LSTMTape.weightGradientSteps` steps of its gate gradients dA_x,t, dA_h,t (in cache)
    /// and adds them to its own partials at once,
    ///
    ///     [dW_x; db_x] += [x_t, 1]ᵀ · dA_x,t      [db_h; dW_h] += [1, h_{t−1}]ᵀ · dA_h,t
    ///
    /// both products reading one buffer of rows [x_t, 1, h_{t−1}] (the biases' gradients are the
    /// products' row of ones); the partials are summed in part order at the end. Every result
    /// but dW and db is bit-identical whichever part runs a row; dW and db sum per-part partials
    /// (within float rounding of one part, `TrainingSplitTests`). Against the one-GEMM pass this
    /// replaced, the gradients differ within float rounding (other product groupings).
    func backwardFused(
        dOutputs: UnsafePointer<Float>?, dLastHidden: UnsafePointer<Float>?,
        wx: UnsafePointer<Float>, wh: UnsafePointer<Float>,
        dWx: UnsafeMutablePointer<Float>, dWh: UnsafeMutablePointer<Float>,
        dbx: UnsafeMutablePointer<Float>, dbh: UnsafeMutablePointer<Float>,
        dX: UnsafeMutablePointer<Float>?
    ) {
        let (T, N, F, H) = (steps, batch, inputSize, hiddenSize)
        let G = 3 * H
        let chunk = LSTMTape.weightGradientSteps
        let dxs = dAx.resize(chunk * N * G), dhs = dAh.resize(chunk * N * G)
        let dhp = dh.resize(N * H)
        dhp.update(fromOrZero: dLastHidden, count: N * H)
        // With sequence lengths the tape is in `rowOrder`: the incoming gradients follow it, and a
        // row's ∂L/∂h_T stays in dh untouched until the step its length ends at.
        let (dOutputs, dXTape) = gradientsInTapeOrder(
            rowOrder, dOutputs: dOutputs, dLastHidden: dLastHidden, dh: dhp, dX: dX, steps: T, inputSize: F, hiddenSize: H,
            outputsBuffer: tapeOrderOutputs, inputsBuffer: tapeOrderInputs)
        let lens = rowLengths
        let a = gates.pointer, hp = hproj.pointer, hs = h.pointer, xs = x.pointer
        let (ro, zo, no) = (order.reset * H, order.update * H, order.candidate * H)
        let packedWhT = PackedMatrix(transposed: true, rows: G, columns: H, b: wh, ldb: G)
        let packedWxT = dX == nil ? nil : PackedMatrix(transposed: true, rows: G, columns: F, b: wx, ldb: G)
        let path = CKernelPath.best.c
        // With lengths, the forward pass's parts (the rows going at a step are a prefix of each).
        let split = TrainingRowSplit(rows: N, flops: 4 * T * N * (F + H) * G, forced: rowOrder == nil ? rowParts : forwardParts)
        let threads = split.parts > 1 ? 1 : stepThreads
        let K = F + 1 + H, partSize = (F + 1 + 1 + H) * G
        let rowsBuffer = stepInputs.resize(chunk * N * K)
        // No zeroing: each part's first products write its partials with beta = 0.
        let partials = weightPartials.resize(split.parts * partSize)
        split.runParts { part, rows in
            let lo = rows.lowerBound, m = rows.count
            // This part's [dW_x; db_x] ((F + 1), 3H), then [db_h; dW_h] ((1 + H), 3H).
            let px = partials + part * partSize, ph = px + (F + 1) * G
            let dAxs = dxs + chunk * lo * G, dAhs = dhs + chunk * lo * G, xhs = rowsBuffer + chunk * lo * K
            var held = 0, heldRows = 0, written = false
            var live = lens == nil ? m : 0  // rows lo..<lo + live are going at step t
            for t in stride(from: T - 1, through: 0, by: -1) {
                if let lens { while live < m && lens[lo + live] > t { live += 1 } }
                let o = t * N * H + lo * H, og = (t * N + lo) * G
                let dxt = dAxs + heldRows * G, dht = dAhs + heldRows * G
                if live > 0 {
                    ck_gru_train_backward(path, live, H, ro, zo, no, a + og, hp + og, G, hs + o, dOutputs.map { $0 + o },
                                          dhp + lo * H, dxt, dht, nil, nil, H)
                    let xh = xhs + heldRows * K
                    for i in 0..<live {
                        let row = xh + i * K, r = lo + i
                        row.update(from: xs + (t * N + r) * F, count: F)
                        row[F] = 1
                        (row + F + 1).update(from: hs + (t * N + r) * H, count: H)
                    }
                }
                held += 1
                heldRows += live
                if held == chunk || t == 0 {
                    sgemm(transA: true, m: F + 1, n: G, k: heldRows, a: xhs, lda: K, b: dAxs, ldb: G,
                          beta: written ? 1 : 0, c: px, ldc: G, threads: threads)
                    sgemm(transA: true, m: 1 + H, n: G, k: heldRows, a: xhs + F, lda: K, b: dAhs, ldb: G,
                          beta: written ? 1 : 0, c: ph, ldc: G, threads: threads)
                    (held, heldRows, written) = (0, 0, true)
                }
                if let dXTape, let packedWxT {
                    inputGradient(dA: dxt, live: live, of: m, G: G, packedWxT: packedWxT,
                                  into: dXTape + (t * N + lo) * F, F: F, threads: threads)
                }
                // ∂L/∂h_{t-1} += dA_h,t · W_hᵀ (the gate kernel left the z ⊙ ∂L/∂h_t part in dh).
                if H > 0 && live > 0 {
                    sgemm(m: live, a: dht, lda: G, packedB: packedWhT, beta: 1, c: dhp + lo * H, ldc: H, threads: threads)
                }
            }
        }
        guard T * N > 0 else { return }
        // Partials summed in part order for every element: rows 0..<F are dW_x, F is db_x,
        // F + 1 is db_h and the rest dW_h.
        addPartials(partials, parts: split.parts, partSize: partSize, into: [
            (dWx, 0, F * G), (dbx, F * G, (F + 1) * G), (dbh, (F + 1) * G, (F + 2) * G), (dWh, (F + 2) * G, partSize),
        ])
        if let rowOrder, let dX, let dXTape {
            permuteRows(rowOrder, steps: T, width: F, from: dXTape, to: dX, intoTapeOrder: false)
        }
    }
}
