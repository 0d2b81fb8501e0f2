import Foundation
import MCP
import Testing
import WorkingMemory

/// `wm mcp` over a real stdio pipe: the built binary, driven by the SDK's `Client` and by raw JSON-RPC lines.
@Suite struct MCPStdioTests {
    /// A database file in a fresh temporary folder.
    static func database() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wm-mcp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("wm.sqlite").path
    }

    @Test func theSDKClientCallsToolsOfTheBinaryAndTheDataIsStored() async throws {
        let db = try Self.database()
        let child = try ChildProcess(mcp: ["--db", db, "--user", "ana", "--session", "trip"])
        let client = Client(name: "stdio-test", version: "1.0")
        let initialized = try await client.connect(transport: child.transport())
        #expect(initialized.serverInfo.name == "working-memory")
        let (tools, _) = try await client.listTools()
        #expect(tools.count == 9)
        let (stored, storeFailed) = try await client.callTool(name: "remember", arguments: ["text": "The hotel in Porto is booked for 3 nights.", "pin": true])
        #expect(storeFailed != true, "\(stored.text)")
        let (found, _) = try await client.callTool(name: "recall", arguments: ["query": "hotel Porto"])
        #expect(found.text.contains("booked for 3 nights"))
        let (bad, badFailed) = try await client.callTool(name: "get_context", arguments: ["query": "hotel", "budget": -1])
        #expect(badFailed == true)
        #expect(bad.text.contains("'budget' must be an integer"))
        await client.disconnect()
        let end = try child.finish()
        #expect(end.status == 0, "\(end.stderr)")
        #expect(end.stderr.contains("serving session ana/default/trip over stdio"))
        // What the tools stored is in the database, in the session the flags named.
        let session = try MemorySession.begin(try Namespace(user: "ana", session: "trip"), in: try MemoryStore(path: db), .restored)
        #expect(session.items.map(\.text) == ["The hotel in Porto is booked for 3 nights."])
    }

    @Test func everyRequestWrittenBeforeEndOfInputIsAnsweredAndStdoutHoldsOnlyProtocol() async throws {
        let db = try Self.database()
        let child = try ChildProcess(mcp: ["--db", db])
        let lines = [
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"sh","version":"1"}}}"#,
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"remember","arguments":{"text":"我的生日是五月三日。","pin":true}}}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"forget","arguments":{"item_id":42}}}"#,
            #"{"jsonrpc":"2.0","id":4,"method":"resources/read","params":{"uri":"memory://facts"}}"#,
            "this is not JSON",
        ]
        child.input.fileHandleForWriting.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        let end = try child.finish()
        #expect(end.status == 0, "\(end.stderr)")
        let out = child.standardOutput()
        let answers = try out.split(separator: "\n").map { try jsonObject(String($0)) }
        #expect(answers.count == 5, "stdout: \(out)")
        let byID = Dictionary(answers.compactMap { a in (a["id"] as? Int).map { ($0, a) } }, uniquingKeysWith: { a, _ in a })
        #expect(Set(byID.keys) == [1, 2, 3, 4])
        let forget = try #require(byID[3]?["result"] as? [String: Any])
        #expect(forget["isError"] as? Bool == true)
        #expect((forget["content"] as? [[String: Any]])?.first?["text"] as? String == "forget: not found: item 42 in session default/default/default; nothing was forgotten")
        #expect(answers.contains { ($0["error"] as? [String: Any])?["code"] as? Int == -32700 })
    }

    @Test func anUnknownLogLevelIsRefusedBeforeServing() throws {
        let child = try ChildProcess(mcp: ["--db", try Self.database(), "--log-level", "loud"])
        let end = try child.finish()
        #expect(end.status == 64)
        #expect(end.stderr.contains("unknown log level 'loud'; use one of: trace, debug, info"))
    }
}
