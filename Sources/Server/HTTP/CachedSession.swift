import WorkingMemory

/// A `SessionRunner` on the server's session cache: the session is loaded (or created) and leased while the work
/// runs on the cache's threads, exactly as an HTTP route's work; the items the work adds count towards the cache's
/// memory cap.
public struct CachedSession: SessionRunner {
    let cache: SessionCache
    let namespace: Namespace

    public init(_ cache: SessionCache, _ namespace: Namespace) {
        self.cache = cache
        self.namespace = namespace
    }

    public func run<T: Sendable>(_ body: @escaping @Sendable (MemorySession) throws -> T) async throws -> T {
        try await cache.withSession(namespace, create: true) { session in
            let before = session.items.count
            let result = try body(session)
            let added = session.items.dropFirst(before)
            let (bytes, items) = SessionCache.estimatedBytes(itemTexts: added.map(\.text))
            return (result, items, items == 0 ? 0 : bytes - SessionCache.sessionOverheadBytes)
        }
    }
}
