import Foundation
import Testing

/// `wm mcp` driven by the official MCP Python client over a stdio pipe (scripts/api/mcp_client.py).
///
/// Needs `WM_TEST_PYTHON`: a Python interpreter with the `mcp` package (`$PYTHON -m pip install mcp`).
/// Without it the test is skipped, and the skip says why.
@Suite struct MCPPythonClientTests {
    /// The interpreter from `WM_TEST_PYTHON`, when it can import `mcp`.
    static let python: String? = {
        guard let python = ProcessInfo.processInfo.environment["WM_TEST_PYTHON"], !python.isEmpty,
              let check = try? ChildProcess(URL(fileURLWithPath: python), ["-c", "import mcp"]),
              let end = try? check.finish(), end.status == 0 else { return nil }
        return python
    }()

    @Test(.enabled(if: python != nil, "WM_TEST_PYTHON is not set to a Python with the mcp package; the Python MCP client test is skipped"))
    func thePythonClientCallsToolsAndReadsFactsOverStdio() throws {
        let python = try #require(Self.python)
        let wm = try #require(ChildProcess.executable, "the wm executable was not built (run `swift build` first)")
        let script = ChildProcess.packageRoot.appendingPathComponent("scripts/api/mcp_client.py").path
        let client = try ChildProcess(URL(fileURLWithPath: python), [script, "stdio", wm.path, try MCPStdioTests.database()])
        let end = try client.finish(within: 60)
        #expect(end.status == 0, "\(end.stderr)")
        let report = try jsonObject(client.standardOutput())
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
