import Foundation
import GRDB

/// Checkpoints the write-ahead log from a second connection on a background queue, every `interval` commits.
/// A passive checkpoint runs beside the writer (SQLite WAL mode), so `receive()` never waits for the copy and
/// the fsync that a checkpoint inside a commit would cost. If the process dies, the WAL stays valid and SQLite
/// replays it on the next open: acknowledged events are not lost.
final class Checkpointer: @unchecked Sendable {
    private let connection: DatabaseQueue
    private let queue = DispatchQueue(label: "WorkingMemory.checkpoint", qos: .utility)
    private let lock = NSLock()
    private var commits = 0
    private var running = false
    /// Commits between checkpoints.
    let interval: Int

    init(path: String, configuration: Configuration, interval: Int = 256) throws {
        connection = try DatabaseQueue(path: path, configuration: configuration)
        self.interval = interval
    }

    /// Counts a commit; starts a checkpoint in the background every `interval` commits (one at a time).
    func committed() {
        let start: Bool = lock.withLock {
            commits += 1
            guard commits >= interval, !running else { return false }
            commits = 0
            running = true
            return true
        }
        guard start else { return }
        queue.async { [self] in
            _ = try? connection.writeWithoutTransaction { try $0.checkpoint(.passive) }
            lock.withLock { running = false }
        }
    }
}
