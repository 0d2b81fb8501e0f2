import Foundation

/// A working memory session: the facade an application uses through the lifecycle
/// begin → receive → update → context / execute → output → clear (DESIGN.md, "Lifecycle of a session").
///
/// ```swift
/// let store = try MemoryStore(path: "wm.sqlite")                                  // 1. storage
/// let session = try MemorySession.begin(try Namespace(user: "ana", session: "trip"), in: store)
/// try session.receive(MemoryEvent(.user, "My favourite colour is green."))         // 2. gates run, one transaction
/// let context = try session.context(for: "What colour do I like?", budget: 512)  // 3. budgeted sections + messages
/// ```
///
/// Thread safety: every method takes the session's lock, so a session may be shared between tasks. Several
/// processes and several `MemorySession` objects may write one namespace: each write applies what the others
/// committed first (see `mutate` and `refreshIfChanged()`).
public final class MemorySession: @unchecked Sendable {
    public let namespace: Namespace
    public let store: MemoryStore
    public let counter: any TokenCounter
    let lock = NSLock()
    var state: SessionState
    let makeIndex: @Sendable () -> any MemoryIndex
    let extractor = FactExtractor()
    /// Catch-ups with other writers so far (lock held).
    var refreshes = (incremental: 0, full: 0)

    /// Starts a session.
    /// - Parameters:
    ///   - namespace: user, agent and session name.
    ///   - store: the database.
    ///   - start: empty, restored, restored-or-empty (default) or preloaded.
    ///   - parameters: gate parameters; nil keeps the stored ones (or the defaults for a new session).
    ///   - counter: token counter (default `EstimatedTokenCounter`).
    ///   - index: makes the search index (default: the retrieval component's ranking).
    /// - Throws: `MemoryError.notFound` (restore of a missing session), `.invalidArgument` (empty/preloaded
    ///   session that exists already, bad parameters), `.storage`.
    public static func begin(
        _ namespace: Namespace, in store: MemoryStore, _ start: SessionStart = .restoredOrEmpty,
        parameters: GateParameters? = nil, counter: any TokenCounter = EstimatedTokenCounter(),
        index: (@Sendable () -> any MemoryIndex)? = nil
    ) throws -> MemorySession {
        try parameters?.validate()
        let makeIndex = index ?? { RetrieverIndex() }
        let existing = try store.sessionRow(namespace)
        switch start {
        case .restored, .restoredOrEmpty:
            if let row = existing {
                let session = try MemorySession(namespace: namespace, store: store, counter: counter, makeIndex: makeIndex,
                                                loaded: try store.load(session: row, tenant: namespace.tenant), row: row)
                if let parameters, parameters != session.state.parameters { try session.setParameters(parameters) }
                return session
            }
            if case .restored = start {
                throw MemoryError.notFound("no session \(namespace) in '\(store.path)'; begin it with .empty or .restoredOrEmpty")
            }
        case .empty, .preloaded:
            if existing != nil {
                throw MemoryError.invalidArgument("session \(namespace) already exists in '\(store.path)'; restore it, or clear(.everything) first")
            }
        }
        let p = parameters ?? GateParameters()
        let (row, made) = try store.createSession(namespace, parameters: p, created: Date())
        if !made {
            // Another writer created the session between the look-up and this write.
            guard case .restoredOrEmpty = start else {
                throw MemoryError.invalidArgument("session \(namespace) already exists in '\(store.path)'; restore it, or clear(.everything) first")
            }
            let session = try MemorySession(namespace: namespace, store: store, counter: counter, makeIndex: makeIndex,
                                            loaded: try store.load(session: row, tenant: namespace.tenant), row: row)
            if let parameters, parameters != session.state.parameters { try session.setParameters(parameters) }
            return session
        }
        let session = try MemorySession(namespace: namespace, store: store, counter: counter, makeIndex: makeIndex,
                                        loaded: try store.load(session: row, tenant: namespace.tenant), row: row)
        if case .preloaded(let preloads) = start {
            for preload in preloads {
                switch preload {
                case .fact(let key, let value): try session.setSlot(key, to: value)
                case .note(let text, let pinned): _ = try session.add(text, pinned: pinned)
                }
            }
        }
        return session
    }

    init(namespace: Namespace, store: MemoryStore, counter: any TokenCounter,
         makeIndex: @escaping @Sendable () -> any MemoryIndex, loaded: LoadedSession, row: Int64) throws {
        self.namespace = namespace
        self.store = store
        self.counter = counter
        self.makeIndex = makeIndex
        self.state = Self.state(from: loaded, row: row, index: makeIndex())
    }

    static func state(from loaded: LoadedSession, row: Int64, index: any MemoryIndex) -> SessionState {
        var episodic = EpisodicStore(index: index)
        episodic.insert(contentsOf: loaded.items)
        var buffer = VerbalBuffer(budget: loaded.parameters.verbalBufferTokens)
        buffer.restore(loaded.buffer)
        var state = SessionState(row: row, version: loaded.version, created: loaded.created, counters: loaded.counters,
                                 parameters: loaded.parameters, buffer: buffer, episodic: episodic)
        state.sketchpad.restore(loaded.slots)
        for g in loaded.goals { state.executive.upsert(g) }
        for s in loaded.steps { state.executive.upsert(s) }
        for t in buffer.turns { state.bufferTerms[t.eventSeq] = TermSet(index.terms(t.text)) }
        state.recentItemTerms = loaded.items.filter { $0.kind == .turn }.suffix(loaded.parameters.noveltyWindow).map { ($0.id, TermSet(index.terms($0.text))) }
        return state
    }

    /// Runs `body` under the lock, inside one write transaction, and writes what it changed before the commit.
    ///
    /// Many writers, one truth: the transaction takes the backend's write lock on the session first (SQLite: an
    /// IMMEDIATE transaction, a busy timeout waits for another writer; PostgreSQL: `SELECT … FOR UPDATE` on the
    /// session's row, which queues the writers of this session across processes and replicas and no others),
    /// and inside it the session's stored `version` is compared with the one this object holds. When another
    /// writer (another process, another `MemorySession` on the same namespace, another server replica)
    /// committed in between, what it wrote is applied first inside the same transaction (`catchUp`), so `body`
    /// works on what is stored now and its changes apply after the other writer's, never over them; event
    /// sequence numbers therefore stay unique and gap-free per session. Each commit adds one to the version.
    ///
    /// If the write fails, the in-memory state is reloaded from the database (so memory and storage agree) and
    /// the storage error is rethrown: nothing acknowledged is lost. An error thrown by `body` itself (a bad
    /// argument, found before anything changed) leaves the state as it was.
    func mutate<T>(_ body: () throws -> T) throws -> T { try mutate(database: { _ in try body() }) }

    /// `mutate` for operations that also read the database (inside the same transaction).
    func mutate<T>(database body: (any StoreConnection) throws -> T) throws -> T {
        try lock.withLock {
            var bodyFailed = false
            do {
                return try store.transaction(namespace.tenant, "store changes") { c in
                    guard let stored = try MemoryStore.lockedVersion(session: state.row, c) else {
                        throw MemoryError.notFound("session \(namespace) was deleted (forgotten) by another writer; begin it again")
                    }
                    if stored.version != state.version { try catchUp(c) }
                    state.pending.removeAll(keepingCapacity: true)
                    let result: T
                    do { result = try body(c) } catch { bodyFailed = true; throw error }
                    try MemoryStore.write(session: state.row, version: stored.version + 1, counters: state.counters, changes: state.pending, c)
                    state.pending.removeAll(keepingCapacity: true)
                    state.version = stored.version + 1
                    return result
                }
            } catch {
                state.pending.removeAll()
                if !bodyFailed, let loaded = try? store.load(session: state.row, tenant: namespace.tenant) {
                    state = Self.state(from: loaded, row: state.row, index: makeIndex())
                }
                throw error
            }
        }
    }

    /// Brings the state up to what is stored: the rows other writers changed since this object's version
    /// (`MemoryStore.changes`), or the whole session when they deleted rows or changed the parameters.
    /// Lock held, inside a transaction or snapshot.
    func catchUp(_ c: any StoreConnection) throws {
        if let delta = try MemoryStore.changes(session: state.row, since: state.version, c) {
            state.apply(delta)
            refreshes.incremental += 1
        } else {
            state = Self.state(from: try MemoryStore.load(session: state.row, c), row: state.row, index: makeIndex())
            refreshes.full += 1
        }
    }

    /// Applies what another writer committed since this object last read or wrote the session: a cached
    /// session (a server keeps them between requests, while the CLI or another replica writes beside it) sees
    /// their changes. One indexed read of `sessions.version` when nothing changed; when something did, only the
    /// rows written since this object's version are read and applied (a forget or a clear by the other writer
    /// reads the session whole). `recall`, `explain` and `rankedMemories` call it; writes (`receive`,
    /// `context`, `forget`, ...) do the same inside their transaction. Call it before reading the plain
    /// properties (`items`, `sketchpad`, ...) of a long-lived session.
    /// - Returns: whether the session changed.
    /// - Throws: `.notFound` when the session was deleted; `.storage`.
    @discardableResult
    public func refreshIfChanged() throws -> Bool {
        try lock.withLock {
            try store.reading(namespace.tenant, "refresh session") { c in
                guard let v = try MemoryStore.version(session: state.row, c) else {
                    throw MemoryError.notFound("session \(namespace) was deleted (forgotten) by another writer; begin it again")
                }
                if v == state.version { return false }
                try catchUp(c)
                return true
            }
        }
    }

    /// How often this object caught up with other writers: row by row, or by reading the session whole.
    public var refreshCounts: (incremental: Int, full: Int) { read { (refreshes.incremental, refreshes.full) } }

    func read<T>(_ body: () throws -> T) rethrows -> T { try lock.withLock { try body() } }

    // MARK: reading the state

    /// The gate parameters in force.
    public var parameters: GateParameters { read { state.parameters } }
    /// Received events so far (the turn counter).
    public var turn: Int64 { read { state.counters.turn } }
    /// The session's clock: the latest event time.
    public var now: Date { read { state.now } }
    /// Every item in the episodic store, in admission order.
    public var items: [MemoryItem] { read { state.episodic.order.compactMap { state.episodic[$0] } } }
    public func item(_ id: Int64) -> MemoryItem? { read { state.episodic[id] } }
    /// An item's current strength (forget gate applied up to the latest event).
    public func strength(of id: Int64) -> Double? {
        read { state.episodic[id].map { ForgetGate(parameters: state.parameters).strength(of: $0, turn: state.counters.turn, time: state.now) } }
    }
    public var verbalBuffer: VerbalBuffer { read { state.buffer } }
    public var executive: Executive { read { state.executive } }
    public var sketchpad: Sketchpad { read { state.sketchpad } }

    /// Replaces the gate parameters (stored with the session).
    public func setParameters(_ parameters: GateParameters) throws {
        try parameters.validate()
        try mutate {
            state.parameters = parameters
            state.buffer.budget = parameters.verbalBufferTokens
            state.pending.append(.parameters(parameters))
        }
    }
}
