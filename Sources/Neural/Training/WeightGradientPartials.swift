// The pieces the LSTM and GRU backward passes share around their per-part weight-gradient
// partials (`LSTMTape+FusedBackward.swift`, `GRUTape+FusedBackward.swift`).

/// ∂L/∂x_t = dA_t · W_xᵀ for the `live` rows of a part still going at step t (m rows in all);
/// the rest of the part's rows get zeros.
/// - Parameters:
///   - dA: the live rows' input-side gate gradients (live, G·H), row stride `G`.
///   - dx: the part's rows of ∂L/∂x_t (m, F).
@inline(__always)
func inputGradient(dA: UnsafePointer<Float>, live: Int, of m: Int, G: Int, packedWxT: PackedMatrix,
                   into dx: UnsafeMutablePointer<Float>, F: Int, threads: Int) {
    if live > 0 { sgemm(m: live, a: dA, lda: G, packedB: packedWxT, beta: 0, c: dx, ldc: F, threads: threads) }
    (dx + live * F).update(repeating: 0, count: (m - live) * F)
}

/// Adds the per-part partials (`parts` blocks of `partSize` floats) to the gradients they hold:
/// `targets` maps [start, end) of a partial to the gradient it adds to. Every element sums the
/// parts in part order, whichever core runs it; past 128k floats halves of the elements are
/// summed on two cores (an LSTM 256's partial is 1 MiB, ~90 µs).
func addPartials(_ partials: UnsafePointer<Float>, parts: Int, partSize: Int,
                 into targets: [(gradient: UnsafeMutablePointer<Float>, start: Int, end: Int)]) {
    let pointers = UncheckedSendable((partials, targets))
    forEachChunk(of: partSize, splittingFrom: parts > 1 ? 1 << 17 : Int.max) { r in
        let (partials, targets) = pointers.value
        for part in 0..<parts {
            let p = partials + part * partSize
            for (target, start, end) in targets {
                let (lo, hi) = (max(r.lowerBound, start), min(r.upperBound, end))
                if lo < hi { addElementwise(into: target + (lo - start), from: p + lo, count: hi - lo) }
            }
        }
    }
}
