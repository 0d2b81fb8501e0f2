import Dispatch
import Foundation
import Synchronization
import Testing
@testable import Neural

/// `forEachPart` (the persistent worker pool behind every split across cores): each part runs
/// exactly once per call, under rapid back-to-back jobs, nested calls and concurrent callers.
@Suite struct PartsTests {
    /// Runs `parts` parts that each add 1 to their own slot; returns the slots.
    static func counts(_ parts: Int) -> [Int] {
        let slots = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(parts, 1))
        defer { slots.deallocate() }
        slots.initialize(repeating: 0)
        let shared = UncheckedSendable(slots)
        forEachPart(parts) { p in shared.value[p] += 1 }
        return Array(slots.prefix(parts))
    }

    @Test func everyPartRunsOnceInManyBackToBackJobs() {
        // Jobs follow each other within microseconds, as in a training step: a worker still
        // finishing or spinning from one job must never run a part of the next one twice.
        var bad = 0
        for i in 0..<20_000 {
            let parts = 1 + i % 7
            if Self.counts(parts) != Array(repeating: 1, count: parts) { bad += 1 }
        }
        #expect(bad == 0)
        #expect(Self.counts(0) == [])
    }

    @Test func partsRunOnMoreThanOneThreadWhenThereAreCores() throws {
        try #require(ProcessInfo.processInfo.activeProcessorCount > 1)
        let threads = Mutex<Set<UInt64>>([])
        // Parts long enough that the caller cannot take them all before a worker claims one. A
        // job that finds the pool busy (other tests run concurrently) runs on the caller alone,
        // so jobs are repeated until one reaches a worker, for up to 20 seconds.
        let deadline = ContinuousClock.now + .seconds(20)
        while threads.withLock({ $0.count }) < 2 && ContinuousClock.now < deadline {
            forEachPart(8) { _ in
                var id: UInt64 = 0
                pthread_threadid_np_portable(&id)
                threads.withLock { _ = $0.insert(id) }
                usleep(200)
            }
        }
        #expect(threads.withLock { $0.count } > 1)
    }

    @Test func aNestedCallAndConcurrentCallersStillRunEveryPartOnce() {
        // The inner call finds the pool busy and falls back; so do callers on other threads.
        let total = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<200 {
                forEachPart(3) { _ in
                    forEachPart(2) { _ in total.withLock { $0 += 1 } }
                }
            }
        }
        #expect(total.withLock { $0 } == 4 * 200 * 3 * 2)
    }
}

/// An id of the calling thread (its pthread handle), for telling threads apart.
private func pthread_threadid_np_portable(_ id: inout UInt64) {
    id = UInt64(UInt(bitPattern: Int(bitPattern: UInt(pthread_self()))))
}
