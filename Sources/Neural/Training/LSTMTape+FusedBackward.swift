import CKernels

extension LSTMTape {
    /// Timesteps whose weight-gradient products are taken as one (k = steps × rows of a part):
    /// 4 against 1 measured 3–5% faster steps for n-back (LSTM 128) and copy (LSTM 256); 2 was
    /// in between (`wm nn train-bench task-step`, best of 4 interleaved runs).
    static let weightGradientSteps = 4

    /// Backpropagation through the recorded sequence with the weight and input gradients taken
    /// step by step inside each part of the batch split (same contract as `backward`).
    ///
    /// A one-GEMM form would write dA for all timesteps, (T·N, 4H), then read it back three times
    /// (dW_x, dW_h, dX): four passes over a buffer far larger than the caches. Here each part
    /// keeps only the last `weightGradientSteps` dA_t of its rows (in L1/L2) and adds
    /// [x_t, h_{t−1}]ᵀ·dA_t over them to its own partial dW right away (so the weight gradients
    /// also run on every core); the partials are summed in part order at the end. The rows are
    /// [1, x_t, h_{t−1}], so the same product also sums the bias gradient Σ dA_t in its first row
    /// (one more row of 1 + F + H) instead of the gate kernel adding every dA_t to a per-row
    /// buffer (8 more loads and stores per 16 units and row). Every other result is
    /// bit-identical to one part; dW and db are summed in a different grouping (within float
    /// rounding of the one-part result).
    func backwardFused(
        dOutputs: UnsafePointer<Float>?, dLastHidden: UnsafePointer<Float>?, dLastCell: UnsafePointer<Float>?,
        wx: UnsafePointer<Float>, wh: UnsafePointer<Float>,
        dWx: UnsafeMutablePointer<Float>, dWh: UnsafeMutablePointer<Float>,
        dbx: UnsafeMutablePointer<Float>, dbh: UnsafeMutablePointer<Float>,
        dX: UnsafeMutablePointer<Float>?
    ) {
        let (T, N, F, H) = (steps, batch, inputSize, hiddenSize)
        let G = 4 * H
        let chunk = Self.weightGradientSteps
        let dAp = dA.resize(chunk * N * G)
        let dhp = dh.resize(N * H), dcp = dc.resize(N * H)
        dhp.update(fromOrZero: dLastHidden, count: N * H)
        dcp.update(fromOrZero: dLastCell, count: N * H)
        // With sequence lengths the tape is in `order`: the incoming gradients follow it, and a
        // row's ∂L/∂h_T, ∂L/∂c_T stay in dh, dc untouched until the step its length ends at.
        let (dOutputs, dXTape) = gradientsInTapeOrder(
            order, dOutputs: dOutputs, dLastHidden: dLastHidden, dh: dhp, dX: dX, steps: T, inputSize: F, hiddenSize: H,
            outputsBuffer: tapeOrderOutputs, inputsBuffer: tapeOrderInputs)
        if let order, let dLastCell { permuteRows(order, steps: 1, width: H, from: dLastCell, to: dcp, intoTapeOrder: true) }
        let lens = rowLengths
        let a = gates.pointer, cs = c.pointer, tc = tanhC.pointer, hs = h.pointer, xs = x.pointer
        let packedWhT = PackedMatrix(transposed: true, rows: G, columns: H, b: wh, ldb: G)
        let packedWxT = dX == nil ? nil : PackedMatrix(transposed: true, rows: G, columns: F, b: wx, ldb: G)
        let path = CKernelPath.best.c
        let split = TrainingRowSplit(rows: N, flops: 4 * T * N * (F + H) * G, forced: rowParts)
        let threads = split.parts > 1 ? 1 : stepThreads
        let K = 1 + F + H, partSize = K * G
        let xh = stepInputs.resize(chunk * N * K)
        // No zeroing: each part's first product writes its partial with beta = 0.
        let partials = weightPartials.resize(split.parts * partSize)
        split.runParts { part, rows in
            let lo = rows.lowerBound, m = rows.count
            let dwx = partials + part * partSize  // [db; dW_x; dW_h] of this part, ((1 + F + H), 4H)
            // This part's last `chunk` steps of dA_t and [1, x_t, h_{t−1}], step after step (the
            // rows still going at each step, m without sequence lengths).
            let dAs = dAp + chunk * lo * G, xhs = xh + chunk * lo * K
            var held = 0, heldRows = 0, written = false
            var live = lens == nil ? m : 0  // rows lo..<lo + live are going at step t
            for t in stride(from: T - 1, through: 0, by: -1) {
                if let lens { while live < m && lens[lo + live] > t { live += 1 } }
                let o = t * N * H + lo * H
                let dat = dAs + heldRows * G, xhp = xhs + heldRows * K
                if live > 0 {
                    ck_lstm_train_backward(path, live, H, a + (t * N + lo) * G, G, cs + o, tc + o,
                                           dOutputs.map { $0 + o }, dhp + lo * H, dcp + lo * H, dat, nil, H)
                    gatherStepInputs(into: xhp, x: xs, h: hs, step: t, rows: lo..<(lo + live), batch: N, inputSize: F,
                                     hiddenSize: H, leadingOne: true)
                }
                held += 1
                heldRows += live
                if held == chunk || t == 0 {
                    // [db; dW_x; dW_h] += [1, x_t, h_{t−1}]ᵀ · dA_t over the held steps: one product
                    // with k = held·m rows, so the partial (larger than L2 at H = 256) is read and
                    // written once per `chunk` steps. Step 0 held alone with no initial state:
                    // h_{−1} = 0 adds nothing to dW_h, only the 1 + F first rows (unless it is the
                    // first product).
                    let onlyZeroState = held == 1 && t == 0 && initialHiddenIsZero && written
                    sgemm(transA: true, m: onlyZeroState ? 1 + F : K, n: G, k: heldRows, a: xhs, lda: K, b: dAs, ldb: G,
                          beta: written ? 1 : 0, c: dwx, ldc: G, threads: threads)
                    (held, heldRows, written) = (0, 0, true)
                }
                if let dXTape, let packedWxT {
                    inputGradient(dA: dat, live: live, of: m, G: G, packedWxT: packedWxT,
                                  into: dXTape + (t * N + lo) * F, F: F, threads: threads)
                }
                // ∂L/∂h_{t-1} = dA_t · W_hᵀ (at t = 0 only when the caller wants ∂L/∂h_{-1})
                if (t > 0 || initialHiddenGradient) && live > 0 {
                    sgemm(m: live, a: dat, lda: G, packedB: packedWhT, beta: 0, c: dhp + lo * H, ldc: H, threads: threads)
                }
            }
        }
        guard T * N > 0 else { return }
        // [db; dW] += partial 0 + partial 1 + ...: rows 0 (db), 1...F (dW_x) and F + 1... (dW_h).
        // db goes to both biases (b_x and b_h enter the gates as one sum).
        let db = biasSum.resize(G, zero: true)
        addPartials(partials, parts: split.parts, partSize: partSize, into: [
            (db, 0, G), (dWx, G, (1 + F) * G), (dWh, (1 + F) * G, partSize),
        ])
        addElementwise(into: dbx, from: db, count: G)
        addElementwise(into: dbh, from: db, count: G)
        if let order, let dX, let dXTape {
            permuteRows(order, steps: T, width: F, from: dXTape, to: dX, intoTapeOrder: false)
        }
    }
}
