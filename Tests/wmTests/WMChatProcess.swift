import Foundation
import Testing

/// Runs `wm` with standard input and environment of the test's choosing (for `wm chat` and `wm task`).
enum WMChatProcess {
    /// - Parameters:
    ///   - input: written to standard input, which is then closed (a pipe, not a terminal).
    ///   - environment: added to this process's environment, with every `WM_LLM_*` variable removed first.
    static func run(_ arguments: [String], input: String = "", environment: [String: String] = [:]) throws -> WMProcess.Result {
        let exe = try #require(WMProcess.executable, "the wm executable was not built next to the tests (run `swift build` first)")
        let p = Process()
        p.executableURL = exe
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("WM_LLM_") }
        env.merge(environment) { _, new in new }
        p.environment = env
        let stdin = Pipe(), out = Pipe(), err = Pipe()
        p.standardInput = stdin
        p.standardOutput = out
        p.standardError = err
        try p.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return WMProcess.Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// `run` on a thread of its own, not on Swift's shared pool: a test whose stand-in server answers in this
    /// process must not hold a pool thread while it waits for the child (under parallel tests the server's
    /// handlers would wait for a thread and the child's call would time out).
    static func runOffPool(_ arguments: [String], input: String = "", environment: [String: String] = [:]) async throws -> WMProcess.Result {
        try await offPool { try run(arguments, input: input, environment: environment) }
    }

    /// Runs blocking work on a Dispatch thread and waits for it without holding a pool thread.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { done in
            DispatchQueue.global().async {
                do { done.resume(returning: try work()) } catch { done.resume(throwing: error) }
            }
        }
    }

    /// The "N/B tokens sent" counts in standard error notes.
    static func tokensSent(_ stderr: String) -> [(sent: Int, budget: Int)] {
        stderr.components(separatedBy: " tokens sent").dropLast().compactMap { part in
            guard let field = part.split(separator: " ").last else { return nil }
            let nums = field.split(separator: "/").compactMap { Int($0) }
            return nums.count == 2 ? (nums[0], nums[1]) : nil
        }
    }
}
