import Foundation
import Testing
import WMTestSupport

/// `wm serve` as a child process on a free port: started, its URL read from its first line, signalled, waited for.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    let output = Pipe()
    /// `http://127.0.0.1:PORT`.
    private(set) var baseURL = ""
    private var printed = ""
    private let lock = NSLock()

    /// The built `wm` binary.
    static var executable: URL? { BuiltExecutable.wm }

    init(arguments: [String]) throws {
        let exe = try #require(Self.executable, "the wm executable was not built next to the tests (run `swift build` first)")
        process.executableURL = exe
        process.arguments = ["serve", "--port", "0", "--log-level", "warning"] + arguments
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.printed += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let text = lock.withLock { printed }
            if let line = text.split(separator: "\n").first(where: { $0.contains("listening on ") }),
               let url = line.split(separator: " ").first(where: { $0.hasPrefix("http://") }) {
                baseURL = String(url)
                return
            }
            if !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.terminate()
        throw ServeProcessError(message: "wm serve did not print its URL: \(lock.withLock { printed })")
    }

    /// Everything it printed so far.
    var stdout: String { lock.withLock { printed } }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the exit (at most `seconds`); its status, or nil if it is still running.
    func waitForExit(seconds: Double = 30) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { return nil }
        Thread.sleep(forTimeInterval: 0.1)  // let the last output arrive
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        output.fileHandleForReading.readabilityHandler = nil
    }
}

struct ServeProcessError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
