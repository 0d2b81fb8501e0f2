import CKernels
import Dispatch

/// Runs `body(p)` for every part p in 0..<parts, concurrently, and returns when all are done.
///
/// Parts run on the caller's thread and on a persistent pool of worker threads (CKernels'
/// `ck_parallel_for`: one per other core, spinning for ~300 µs after each job, then asleep), so a
/// training step that forks and joins every few tens of microseconds does not pay a thread wake-up
/// each time, and the split behaves the same from any caller (a plain thread or a Swift task).
/// When the pool is busy (another thread's job, or a call from inside a part) the parts run
/// through `DispatchQueue.concurrentPerform` instead.
/// - Parameters:
///   - parts: how many parts (≤ 0: nothing runs).
///   - body: one part's work; parts must touch disjoint memory.
func forEachPart(_ parts: Int, _ body: (Int) -> Void) {
    if parts <= 0 { return }
    if parts == 1 { body(0); return }
    withoutActuallyEscaping(body) { escapable in
        let box = PartBody(escapable)
        let ran = withExtendedLifetime(box) {
            ck_parallel_for(parts, { context, part in
                Unmanaged<PartBody>.fromOpaque(context!).takeUnretainedValue().body(part)
            }, Unmanaged.passUnretained(box).toOpaque())
        }
        if ran == 0 {
            DispatchQueue.concurrentPerform(iterations: parts) { p in box.body(p) }
        }
    }
}

/// Runs `body` over 0..<count cut into one contiguous range per core when count ≥ `minimum`
/// (elementwise work large enough to pay for the fork), else over 0..<count on this thread.
/// - Parameters:
///   - count: elements.  - minimum: the smallest count that is split.
///   - body: one range's work; ranges are disjoint and cover 0..<count.
func forEachChunk(of count: Int, splittingFrom minimum: Int, _ body: (Range<Int>) -> Void) {
    let parts = count >= minimum ? defaultGEMMThreads() : 1
    forEachPart(parts) { q in body((count * q / parts)..<(count * (q + 1) / parts)) }
}

/// The closure of a `forEachPart` call, handed to the pool's threads (each runs its own parts).
private final class PartBody: @unchecked Sendable {
    let body: (Int) -> Void
    init(_ body: @escaping (Int) -> Void) { self.body = body }
}
