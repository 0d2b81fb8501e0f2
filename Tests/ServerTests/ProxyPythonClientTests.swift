import Foundation
import OpenAIStandIn
import Testing
import WorkingMemory

/// `wm serve` as a memory proxy in front of the echo stand-in, driven by the official OpenAI Python client
/// (scripts/api/openai_proxy_client.py): models, a plain call, a streamed call with usage, a call without a session.
///
/// Needs `WM_TEST_PYTHON`: a Python interpreter with the `openai` package (`$PYTHON -m pip install openai`).
/// Without it the test is skipped, and the skip says why.
@Suite struct ProxyPythonClientTests {
    /// The interpreter from `WM_TEST_PYTHON`, when it can import `openai`.
    static let python: String? = {
        guard let python = ProcessInfo.processInfo.environment["WM_TEST_PYTHON"], !python.isEmpty,
              let check = try? ChildProcess(URL(fileURLWithPath: python), ["-c", "import openai"]),
              let end = try? check.finish(), end.status == 0 else { return nil }
        return python
    }()

    @Test(.enabled(if: python != nil, "WM_TEST_PYTHON is not set to a Python with the openai package; the OpenAI Python client test of the proxy is skipped"))
    func theOpenAIPythonClientChatsThroughTheProxyPlainAndStreamed() async throws {
        let python = try #require(Self.python)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wm-proxy-python-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = "wm-python-key-0123456789abcdef"
        let keys = folder.appendingPathComponent("keys.json")
        try Data(#"{"\#(key)": "py"}"#.utf8).write(to: keys)
        let db = folder.appendingPathComponent("proxy.sqlite").path
        let upstream = try await StandInServer.start()
        let serve = try ServeProcess(arguments: ["--db", db, "--keys", keys.path, "--base-url", upstream.baseURL, "--model", "echo", "--retries", "0"])
        let script = ChildProcess.packageRoot.appendingPathComponent("scripts/api/openai_proxy_client.py").path
        let client = try ChildProcess(URL(fileURLWithPath: python), [script, serve.baseURL + "/v1", key, "ana/app/python"])
        let end = try client.finish(within: 60)
        let output = client.standardOutput()
        serve.signal(SIGTERM)
        _ = serve.waitForExit()
        await upstream.stop()
        #expect(end.status == 0, "\(end.stderr)")
        let report = try jsonObject(output)

        #expect(report["models"] as? [String] == ["echo"])
        let plain = try #require(report["plain"] as? [String: Any])
        #expect((plain["content"] as? String)?.contains("You said: My sister Ana lives in Porto.") == true)
        let streamed = try #require(report["streamed"] as? [String: Any])
        let content = try #require(streamed["content"] as? String)
        #expect(content.contains("You said: Where does Ana live?"))
        #expect((streamed["usage"] as? [String: Any])?["total_tokens"] as? Int ?? 0 > 0, "the usage chunk reached the client")
        let refused = try #require(report["no_session"] as? [String: Any])
        #expect(refused["raised"] as? String == "BadRequestError")
        #expect((refused["message"] as? String)?.contains("X-WM-Session") == true)

        // The upstream saw the memory's context, not the history the client sent; the memory holds both turns.
        let second = try #require(upstream.requests.dropFirst().first)
        #expect(!second.body.contains("A long forgotten history"))
        #expect(second.body.contains("Ana lives in Porto"))
        #expect(second.headers["authorization"] == nil, "no upstream key configured: the caller's key is not passed on")
        let session = try MemorySession.begin(try Namespace(tenant: "py", user: "ana", agent: "app", session: "python"),
                                              in: try MemoryStore(path: db), .restored)
        let events = try session.events().map { "\($0.event.role.rawValue): \($0.event.text)" }
        #expect(events.count == 4)
        #expect(events.first == "user: My sister Ana lives in Porto.")
        #expect(events.last == "assistant: \(content)")
    }
}
