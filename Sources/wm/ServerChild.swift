import Foundation

/// A `wm serve` child process on a free loopback port, for the benchmarks.
final class ServerChild: @unchecked Sendable {
    let process = Process()
    private let output = Pipe()
    private var printed = ""
    private let lock = NSLock()
    /// `http://127.0.0.1:PORT`, read from the child's first line.
    private(set) var baseURL = ""

    init(db: String, extra: [String] = []) throws {
        process.executableURL = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["serve", "--port", "0", "--db", db, "--log-level", "error"] + extra
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.printed += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning {
            let text = lock.withLock { printed }
            if let line = text.split(separator: "\n").first(where: { $0.contains("listening on ") }),
               let url = line.split(separator: " ").first(where: { $0.hasPrefix("http://") }) {
                baseURL = String(url)
                return
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        kill(process.processIdentifier, SIGKILL)
        throw CLIError("wm serve did not start: \(lock.withLock { printed })")
    }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the child to exit; its status.
    @discardableResult
    func wait() -> Int32 {
        process.waitUntilExit()
        output.fileHandleForReading.readabilityHandler = nil
        return process.terminationStatus
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}
