import Foundation
import Testing

/// `wm mcp` driven by the official MCP Python client over a stdio pipe (scripts/mcp_stdio_client.py).
///
/// Needs `WM_TEST_PYTHON`: a Python interpreter with the `mcp` package (`$PYTHON -m pip install mcp`).
/// Without it the test is skipped, and the skip says why.
@Suite struct MCPPythonClientTests {
    /// The interpreter from `WM_TEST_PYTHON`, when it can import `mcp`.
    static let python: String? = {
        guard let python = ProcessInfo.processInfo.environment["WM_TEST_PYTHON"], !python.isEmpty,
              let check = try? run(python, ["-c", "import mcp"]), check.status == 0 else { return nil }
        return python
    }()

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    @Test(.enabled(if: python != nil, "WM_TEST_PYTHON is not set to a Python with the mcp package; the Python MCP client test is skipped"))
    func thePythonClientCallsToolsAndReadsFactsOverStdio() throws {
        let python = try #require(Self.python)
        let wm = try #require(MCPStdioProcess.executable, "the wm executable was not built (run `swift build` first)")
        let db = try MCPStdioTests.database()
        let script = MCPStdioProcess.packageRoot.appendingPathComponent("scripts/mcp_stdio_client.py").path
        let r = try Self.run(python, [script, wm.path, db])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try jsonObject(r.stdout)
        #expect(report["server"] as? String == "working-memory")
        #expect((report["tools"] as? [String])?.count == 9)
        let recall = try #require(report["recall"] as? [String: Any])
        #expect(recall["isError"] as? Bool == false)
        #expect((recall["text"] as? String)?.contains("我下周去上海开会。") == true)
        let bad = try #require(report["bad"] as? [String: Any])
        #expect(bad["isError"] as? Bool == true)
        #expect(bad["text"] as? String == "get_context: 'budget' must be an integer in 1...1000000, got 0")
        let facts = try jsonObject(try #require(report["facts"] as? String))
        #expect((facts["facts"] as? [[String: Any]])?.contains { $0["attribute"] as? String == "city" && $0["value"] as? String == "Porto" } == true)
    }
}
