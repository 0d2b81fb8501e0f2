import Foundation

/// A reusable float32 buffer that grows but never shrinks, so a training step that runs
/// with the same shapes as the previous one allocates nothing.
///
/// Training caches (saved gate activations, gradients of gates) live in these; they are
/// owned by one layer and never shared across threads.
final class ScratchBuffer {
    private(set) var pointer: UnsafeMutablePointer<Float>
    private(set) var capacity: Int
    /// The number of elements in use (≤ capacity).
    private(set) var count: Int = 0

    init() {
        capacity = 1
        pointer = .allocate(capacity: 1)
    }

    deinit { pointer.deallocate() }

    /// Makes room for `count` elements; the contents are undefined afterwards unless `zero`.
    @discardableResult
    func resize(_ count: Int, zero: Bool = false) -> UnsafeMutablePointer<Float> {
        if count > capacity {
            pointer.deallocate()
            capacity = max(count, capacity * 2)
            // Left unwritten (Float needs no initialisation): the first training step used to
            // zero-fill its 7 MB tape on one core, page faults included, before any part ran;
            // now each part's core faults in the pages it writes first.
            pointer = .allocate(capacity: capacity)
            if zero { pointer.initialize(repeating: 0, count: count) }
        } else if zero {
            pointer.update(repeating: 0, count: count)
        }
        self.count = count
        return pointer
    }

    /// The elements in use, copied out (tests and debugging).
    var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
}

/// Threads for the per-timestep recurrent products of training (N×H by H×G·H): 1, so the 2·T
/// small products of a step never fork and join (seed model step, 2 cores: 61 steps/s against 53
/// with `sgemm`'s own split). The large products (input projection, weight gradients) keep
/// using every core.
let stepThreads = 1

extension UnsafeMutablePointer<Float> {
    /// Copies `count` floats from `source`, or writes `count` zeros when there is none (an initial
    /// state or an incoming gradient the caller did not give).
    @inline(__always)
    func update(fromOrZero source: UnsafePointer<Float>?, count: Int) {
        if let source { update(from: source, count: count) } else { update(repeating: 0, count: count) }
    }
}
