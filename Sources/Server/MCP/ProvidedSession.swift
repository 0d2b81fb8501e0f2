import Dispatch
import WorkingMemory

/// A `SessionRunner` for a session given by a closure (`wm mcp` over stdio, tests): the work runs on a serial
/// queue of its own, one call after the other, never on the concurrency pool.
public struct ProvidedSession: SessionRunner {
    let provide: @Sendable () async throws -> MemorySession
    let queue = DispatchQueue(label: "wm.mcp.session")

    /// - Parameter provide: gives the session; called once per call.
    public init(_ provide: @escaping @Sendable () async throws -> MemorySession) {
        self.provide = provide
    }

    public func run<T: Sendable>(_ body: @escaping @Sendable (MemorySession) throws -> T) async throws -> T {
        let session = try await provide()
        return try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body(session) }) }
        }
    }
}
