import Foundation

/// How a recurrent layer's training passes share the rows of a batch across cores.
///
/// Rows of a batch are independent through time, so core k runs timesteps 0...T−1 (forward) or
/// T−1...0 (backward) for its rows alone: one fork and join per layer pass instead of one per
/// timestep, and each part's products stay single-threaded. Every row does the same arithmetic
/// as in the one-part pass, so the results are bit-identical to it (`TrainingSplitTests`).
struct TrainingRowSplit {
    /// Number of parts (1: run on the caller's thread).
    let parts: Int
    let rows: Int

    /// - Parameters:
    ///   - rows: N.  - flops: work of the time loop (decides whether a fork pays).
    ///   - forced: a part count to use regardless of the work (tests), or nil.
    init(rows: Int, flops: Int, forced: Int? = nil) {
        self.rows = rows
        if let forced {
            parts = max(1, min(forced, rows))
        } else {
            // Below ~1 MFLOP per part (tens of microseconds) the fork and join cost more than
            // they save; at least 4 rows per part keep the products' register tiles busy.
            parts = max(1, min(defaultGEMMThreads(), rows / 4, flops / 1_000_000))
        }
    }

    /// Rows of part p.
    func range(_ p: Int) -> Range<Int> { (rows * p / parts)..<(rows * (p + 1) / parts) }

    /// Calls body once per part (concurrently when there are several), with products on the
    /// part's thread kept single-threaded; returns when all parts are done.
    func run(_ body: (Range<Int>) -> Void) {
        runParts { _, rows in body(rows) }
    }

    /// As `run`, with the index of the part (0..<parts) as well as its rows.
    func runParts(_ body: (Int, Range<Int>) -> Void) {
        if parts == 1 {
            body(0, 0..<rows)
            return
        }
        withoutActuallyEscaping(body) { escapable in
            let shared = UncheckedSendable(escapable)
            forEachPart(parts) { p in
                withSerialProducts { shared.value(p, range(p)) }
            }
        }
    }
}

/// A value handed to the parts of a split pass, which touch disjoint rows of it.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
