import Foundation
import NIOPosix
import WorkingMemory

/// The sessions a server holds in memory: loaded on first use, evicted least recently used under a memory cap.
///
/// Every state change a session makes is committed before its call returns, so an evicted session reloads
/// exactly from the database. A session in use (leased) is never evicted: two `MemorySession` objects for one
/// namespace would interleave their counters. Requests to one session are serialised by the session's own lock;
/// different sessions run in parallel on a pool of threads of their own, so blocking SQLite work never runs on
/// the NIO event loops or the Swift concurrency pool. Several replicas may serve one PostgreSQL database (or several
/// processes one SQLite file): each request first checks the session's stored version and applies what other
/// writers committed since (incrementally), and every write catches up inside its own transaction.
///
/// HTTP routes and the MCP endpoint share one cache: the same namespace is the same session object.
public actor SessionCache {
    public nonisolated let store: MemoryStore
    /// The most bytes the loaded sessions may hold (by `estimatedBytes`) before the least recently used go.
    public nonisolated let capacityBytes: Int
    let pool: NIOThreadPool
    let metrics: ServerMetrics?

    enum State {
        case loading(Task<Loaded, any Error>)
        case ready(MemorySession)
    }
    struct Entry {
        var state: State
        var bytes = 0
        var items = 0
        var leases = 0
        var lastUse: UInt64 = 0
    }
    private var entries: [Namespace: Entry] = [:]
    private var tick: UInt64 = 0
    /// Estimated bytes of the ready sessions.
    public private(set) var totalBytes = 0
    /// Sessions evicted since the start (for tests and metrics).
    public private(set) var evictions = 0

    /// - Parameters:
    ///   - store: the database.
    ///   - capacityBytes: memory cap of the loaded sessions (estimated).
    ///   - threads: threads for blocking database and engine work.
    ///   - metrics: where sessions loaded and items are reported.
    public init(store: MemoryStore, capacityBytes: Int, threads: Int = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount),
                metrics: ServerMetrics? = nil) {
        self.store = store
        self.capacityBytes = capacityBytes
        self.metrics = metrics
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    /// Stops the worker threads once the work queued on them is done (after the server stopped accepting).
    public func close() async throws {
        try await pool.shutdownGracefully()
    }

    /// Sessions in memory now.
    public var loadedCount: Int { entries.values.filter { if case .ready = $0.state { true } else { false } }.count }
    /// Whether a namespace's session is in memory.
    public func isLoaded(_ namespace: Namespace) -> Bool {
        if case .ready = entries[namespace]?.state { return true }
        return false
    }

    /// Runs `body` with a namespace's session on the cache's threads.
    /// - Parameters:
    ///   - namespace: tenant, user, agent, session.
    ///   - create: make the session when the database has none; otherwise that is a 404 `APIError`.
    ///   - body: the work; it may block (SQLite).
    /// - Returns: what `body` returns, and how many items and estimated bytes the work added to the session.
    public nonisolated func withSession<T: Sendable>(
        _ namespace: Namespace, create: Bool,
        _ body: @escaping @Sendable (MemorySession) throws -> (result: T, itemsAdded: Int, bytesAdded: Int)
    ) async throws -> T {
        for attempt in 0..<2 {
            let (session, _) = try await lease(namespace, create: create)
            do {
                let (result, items, bytes) = try await pool.runIfActive {
                    // Another process or replica may have written since: one indexed read of the session's
                    // version, and only what changed is read when it did (`MemorySession.refreshIfChanged`).
                    try session.refreshIfChanged()
                    return try body(session)
                }
                await release(namespace, items: items, bytes: bytes)
                return result
            } catch MemoryError.notFound(let message) where attempt == 0 && message.contains("deleted (forgotten) by another writer") {
                // Another replica forgot the session: drop the cached object and load (or create) it afresh.
                await release(namespace, items: 0, bytes: 0)
                await evict(namespace)
            } catch {
                await release(namespace, items: 0, bytes: 0)
                throw error
            }
        }
        throw APIError.notFound("no session '\(namespace.session)' (user '\(namespace.user)', agent '\(namespace.agent)')")
    }

    /// Loads or creates a namespace's session and sets its gate parameters when given.
    /// - Returns: whether the session was created now.
    public func open(_ namespace: Namespace, parameters: GateParameters? = nil) async throws -> Bool {
        let (session, created) = try await lease(namespace, create: true)
        do {
            if let parameters {
                try await pool.runIfActive { if session.parameters != parameters { try session.setParameters(parameters) } }
            }
        } catch {
            release(namespace, items: 0, bytes: 0)
            throw error
        }
        release(namespace, items: 0, bytes: 0)
        return created
    }

    /// `withSession` for work that adds nothing to the session's size.
    public nonisolated func reading<T: Sendable>(_ namespace: Namespace, create: Bool = false,
                                                 _ body: @escaping @Sendable (MemorySession) throws -> T) async throws -> T {
        try await withSession(namespace, create: create) { (try body($0), 0, 0) }
    }

    /// Blocking work that needs no session (listing sessions), on the cache's threads.
    public nonisolated func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }

    /// Drops a namespace's session from memory if it is not in use (the next use reloads it).
    public func evict(_ namespace: Namespace) {
        guard let e = entries[namespace], e.leases == 0, case .ready = e.state else { return }
        remove(namespace, e)
    }

    /// Bytes a session holds in memory, estimated from its items: the text three times (item, index postings,
    /// term caches) and a fixed cost per item and per session.
    public static func estimatedBytes(itemTexts: some Sequence<String>) -> (bytes: Int, items: Int) {
        var bytes = sessionOverheadBytes, count = 0
        for text in itemTexts { bytes += estimatedBytes(text: text); count += 1 }
        return (bytes, count)
    }
    /// Estimated bytes one received or added text costs.
    public static func estimatedBytes(text: String) -> Int { 3 * text.utf8.count + 512 }
    static let sessionOverheadBytes = 16 << 10

    /// A session read from the database, with its estimated size.
    struct Loaded: Sendable {
        var session: MemorySession
        var created: Bool
        var bytes: Int
        var items: Int
    }

    /// The session of a namespace, marked in use. One load per namespace at a time: the first caller starts
    /// it, later callers wait for the same load (actor reentrancy: each checks the entry again after waiting).
    private func lease(_ namespace: Namespace, create: Bool) async throws -> (MemorySession, created: Bool) {
        while true {
            let task: Task<Loaded, any Error>
            var mine = false
            switch entries[namespace]?.state {
            case .ready(let session)?:
                use(namespace)
                return (session, false)
            case .loading(let loading)?:
                task = loading
            case nil:
                task = load(namespace, create: create)
                entries[namespace] = Entry(state: .loading(task))
                mine = true
            }
            let loaded: Loaded
            do {
                loaded = try await task.value
            } catch {
                if case .loading(let t)? = entries[namespace]?.state, t == task { entries[namespace] = nil }
                if mine || !create { throw error }
                continue  // a load that might not create failed; this caller may create: load again
            }
            if case .loading(let t)? = entries[namespace]?.state, t == task {
                entries[namespace] = Entry(state: .ready(loaded.session), bytes: loaded.bytes, items: loaded.items)
                totalBytes += loaded.bytes
                metrics?.sessionsLoaded.increment()
                metrics?.itemsLoaded.increment(by: Double(loaded.items))
            }
            guard case .ready(let session)? = entries[namespace]?.state, session === loaded.session else { continue }
            use(namespace)
            evictIfNeeded()
            return (session, mine && loaded.created)
        }
    }

    private func use(_ namespace: Namespace) {
        tick += 1
        entries[namespace]?.leases += 1
        entries[namespace]?.lastUse = tick
    }

    /// Reads (or, with `create`, makes) a session on the cache's threads.
    private func load(_ namespace: Namespace, create: Bool) -> Task<Loaded, any Error> {
        let store = self.store, pool = self.pool
        return Task {
            try await pool.runIfActive {
                var created = false
                let session: MemorySession
                do {
                    session = try MemorySession.begin(namespace, in: store, .restored)
                } catch MemoryError.notFound {
                    guard create else {
                        throw APIError.notFound("no session '\(namespace.session)' (user '\(namespace.user)', agent '\(namespace.agent)'); PUT the session or POST events to create it")
                    }
                    session = try MemorySession.begin(namespace, in: store, .empty)
                    created = true
                }
                let (bytes, items) = Self.estimatedBytes(itemTexts: session.items.lazy.map(\.text))
                return Loaded(session: session, created: created, bytes: bytes, items: items)
            }
        }
    }

    private func release(_ namespace: Namespace, items: Int, bytes: Int) {
        guard var e = entries[namespace] else { return }
        e.leases -= 1
        e.bytes += bytes
        e.items += items
        entries[namespace] = e
        totalBytes += bytes
        if items != 0 { metrics?.itemsLoaded.increment(by: Double(items)) }
        evictIfNeeded()
    }

    private func evictIfNeeded() {
        while totalBytes > capacityBytes {
            var victim: (Namespace, Entry)?
            for (ns, e) in entries where e.leases == 0 {
                guard case .ready = e.state else { continue }
                if victim == nil || e.lastUse < victim!.1.lastUse { victim = (ns, e) }
            }
            guard let (ns, e) = victim else { return }  // everything is in use: over the cap until released
            remove(ns, e)
            evictions += 1
        }
    }

    private func remove(_ namespace: Namespace, _ e: Entry) {
        entries[namespace] = nil
        totalBytes -= e.bytes
        metrics?.sessionsLoaded.decrement()
        metrics?.itemsLoaded.decrement(by: Double(e.items))
    }
}
