import Foundation
import MCP
import SystemPackage
import Testing
import WMTestSupport

/// A child process with its standard input, output and error as pipes: the built `wm mcp`, or a Python client.
final class ChildProcess {
    /// The built `wm`.
    static var executable: URL? { BuiltExecutable.wm }

    static var packageRoot: URL { BuiltExecutable.packageRoot }

    let process = Process()
    let input = Pipe(), output = Pipe(), errors = Pipe()

    /// Starts `wm mcp arguments…`.
    convenience init(mcp arguments: [String]) throws {
        try self.init(try #require(Self.executable, "the wm executable was not built next to the tests (run `swift build` first)"), ["mcp"] + arguments)
    }

    /// Starts `executable arguments…`.
    init(_ executable: URL, _ arguments: [String]) throws {
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
    }

    /// A client-side SDK transport on the pipes: it writes to the child's stdin and reads its stdout.
    func transport() -> StdioTransport {
        StdioTransport(input: FileDescriptor(rawValue: output.fileHandleForReading.fileDescriptor),
                       output: FileDescriptor(rawValue: input.fileHandleForWriting.fileDescriptor))
    }

    /// Closes the child's standard input and waits (at most `seconds`) for it to exit.
    /// - Returns: the exit status, and what it wrote to standard error (standard output stays in `output`).
    func finish(within seconds: Double = 20) throws -> (status: Int32, stderr: String) {
        try input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { process.terminate(); Issue.record("\(process.executableURL?.lastPathComponent ?? "the child") did not exit within \(seconds) s of end of input") }
        process.waitUntilExit()
        let log = errors.fileHandleForReading.readDataToEndOfFile()
        return (process.terminationStatus, String(decoding: log, as: UTF8.self))
    }

    /// What the child wrote to standard output (read to the end: call after `finish`).
    func standardOutput() -> String {
        String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }
}
