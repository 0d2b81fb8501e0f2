import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import WorkingMemory

/// postgres-nio's connection pool (`PostgresClient`) for synchronous callers: the memory's store API is
/// synchronous (one `receive` is one transaction that returns when committed), and its callers already keep
/// blocking work off the event loops and the concurrency pool (the server's `SessionCache` has threads of its
/// own; the CLI runs one command).
///
/// How: `run()` and every lease run as tasks on a dispatch queue of their own (`QueueTaskExecutor`); a caller
/// waits on a semaphore until its lease hands it a connection, runs its statements through the connection's
/// `EventLoopFuture` interface (`wait()`: the work runs on the connection's NIO event loop, the caller's thread
/// only sleeps), and hands the connection back when its transaction ended. So no step needs a free thread of the
/// concurrency pool, and a caller never blocks an event loop.
final class BlockingPool: @unchecked Sendable {
    let client: PostgresClient
    private let executor = QueueTaskExecutor(label: "WorkingMemory.postgres")
    private var runner: Task<Void, Never>?
    let logger: Logger
    /// How long a caller waits for a connection before it fails.
    let leaseTimeout: TimeInterval

    init(configuration: PostgresClient.Configuration, logger: Logger, leaseTimeout: TimeInterval = 30) {
        client = PostgresClient(configuration: configuration, eventLoopGroup: MultiThreadedEventLoopGroup.singleton, backgroundLogger: logger)
        self.logger = logger
        self.leaseTimeout = leaseTimeout
        let client = self.client
        runner = Task(executorPreference: executor) { await client.run() }
    }

    deinit { runner?.cancel() }

    /// Stops the pool: its connections close once their leases end.
    func shutdown() { runner?.cancel() }

    /// Runs `body` with a connection of the pool, leased for the call.
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let lease = Lease()
        let client = self.client
        Task(executorPreference: executor) {
            do {
                try await client.withConnection { connection in
                    guard lease.hand(connection) else { return }
                    await lease.returned()
                }
            } catch {
                lease.fail(error)
            }
        }
        let connection = try lease.wait(timeout: leaseTimeout)
        defer { lease.giveBack() }
        return try body(connection)
    }

    /// One lease's hand-over between the pool's task and the waiting caller.
    final class Lease: @unchecked Sendable {
        private let lock = NSLock()
        private let ready = DispatchSemaphore(value: 0)
        private var connection: PostgresConnection?
        private var error: (any Error)?
        private var abandoned = false
        private var given = false
        private var waiter: CheckedContinuation<Void, Never>?

        /// - Returns: false when the caller gave up waiting (the connection goes straight back).
        func hand(_ c: PostgresConnection) -> Bool {
            let keep = lock.withLock { () -> Bool in
                if abandoned { return false }
                connection = c
                return true
            }
            if keep { ready.signal() }
            return keep
        }

        func fail(_ e: any Error) {
            lock.withLock { error = e }
            ready.signal()
        }

        func wait(timeout: TimeInterval) throws -> PostgresConnection {
            if ready.wait(timeout: .now() + timeout) == .timedOut {
                let c: PostgresConnection? = lock.withLock {
                    abandoned = true
                    return connection
                }
                guard let c else { throw MemoryError.storage("no PostgreSQL connection within \(Int(timeout)) s (server down, or every pooled connection busy); nothing was changed") }
                return c
            }
            return try lock.withLock {
                if let connection { return connection }
                throw error ?? MemoryError.storage("the PostgreSQL pool gave no connection")
            }
        }

        func returned() async {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let now = lock.withLock { () -> Bool in
                    if given { return true }
                    waiter = c
                    return false
                }
                if now { c.resume() }
            }
        }

        func giveBack() {
            let w: CheckedContinuation<Void, Never>? = lock.withLock {
                given = true
                defer { waiter = nil }
                return waiter
            }
            w?.resume()
        }
    }
}
