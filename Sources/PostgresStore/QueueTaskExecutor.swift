import Dispatch

/// A task executor on a dispatch queue of its own. The pool's tasks (its `run()` loop, each connection lease)
/// run here, never on the Swift concurrency pool: the store's callers block a thread while they wait for a
/// lease (`BlockingPool`), and a blocked cooperative thread must never be the one the lease needs
/// (SE-0417, task executor preference).
final class QueueTaskExecutor: TaskExecutor, @unchecked Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label, attributes: .concurrent)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
