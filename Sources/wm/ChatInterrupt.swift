import Dispatch
import Foundation

/// Ctrl-C in an interactive `wm chat`: during an answer it stops that answer (the call is cancelled, the chat goes
/// on); at the prompt it leaves, as usual. The session is saved after every message, so leaving loses nothing.
final class ChatInterrupt: @unchecked Sendable {
    private let lock = NSLock()
    private var cancel: (@Sendable () -> Void)?
    private var stopped = false
    private var source: (any DispatchSourceSignal)?

    /// Takes over SIGINT from the default action (which ends the process at once).
    func install() {
        signal(SIGINT, SIG_IGN)
        let s = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        s.setEventHandler { [weak self] in
            guard let self else { return }
            let current = self.lock.withLock { () -> (@Sendable () -> Void)? in
                if self.cancel != nil { self.stopped = true }
                return self.cancel
            }
            if let current { current() } else { exit(130) }
        }
        s.resume()
        source = s
    }

    /// Runs `body` so that Ctrl-C cancels it. - Returns: nil when it was stopped that way.
    func during<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        let task = Task { try await body() }
        lock.withLock { cancel = { task.cancel() }; stopped = false }
        defer { lock.withLock { cancel = nil } }
        do { return try await task.value } catch {
            if lock.withLock({ stopped }) { return nil }
            throw error
        }
    }
}
