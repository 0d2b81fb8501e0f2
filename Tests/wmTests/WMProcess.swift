import Foundation
import Testing
import WMTestSupport

/// Runs the built `wm` executable as a user would, capturing its exit status and output.
///
/// The binary lives next to the test bundle (SwiftPM puts every product of a configuration in one
/// folder, e.g. `.build/debug/`); when that fails we fall back to `<package>/.build/debug/wm`.
struct WMProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Non-empty lines of standard error.
        var errorLines: [String] { stderr.split(separator: "\n").map(String.init).filter { !$0.isEmpty } }
    }

    static var executable: URL? { BuiltExecutable.wm }

    /// Runs `wm arguments…` to completion.
    /// - Parameters:
    ///   - arguments: the command line after `wm`.
    static func run(_ arguments: [String]) throws -> Result {
        let exe = try #require(executable, "the wm executable was not built next to the tests (run `swift build` first)")
        return try run(exe, arguments)
    }

    /// Runs any program to completion, capturing its exit status and output.
    static func run(_ program: URL, _ arguments: [String]) throws -> Result {
        let p = Process()
        p.executableURL = program
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read before waiting so a full pipe cannot block the child.
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}

/// A fresh temporary folder, removed when the value goes away.
final class TemporaryFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("wmtests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func write(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        return path(name)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}
