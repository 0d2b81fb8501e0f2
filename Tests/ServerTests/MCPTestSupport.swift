import Foundation
import MCP
import Server
import Testing
import WorkingMemory

/// A session in a fresh in-memory database.
func freshSession(_ name: String = "s") throws -> MemorySession {
    try MemorySession.begin(try Namespace(user: "u", agent: "test", session: name), in: try MemoryStore.inMemory(), .empty)
}

/// The SDK's client connected in process (InMemoryTransport) to the memory's MCP server over `session`.
struct InProcessMCP {
    let client: Client
    let server: MCP.Server

    init(_ session: MemorySession) async throws {
        let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
        server = await MemoryMCPServer().makeServer { session }
        try await server.start(transport: serverSide)
        client = Client(name: "memory-tests", version: "1.0")
        try await client.connect(transport: clientSide)
    }

    /// Calls a tool; returns its text and error flag.
    func call(_ name: String, _ arguments: [String: Value]) async throws -> (text: String, isError: Bool) {
        let (content, isError) = try await client.callTool(name: name, arguments: arguments)
        return (content.text, isError ?? false)
    }

    /// Calls a tool that must succeed; returns its JSON result.
    func result(_ name: String, _ arguments: [String: Value]) async throws -> [String: Any] {
        let r = try await call(name, arguments)
        #expect(!r.isError, "\(name) failed: \(r.text)")
        return try jsonObject(r.text)
    }

    func close() async {
        await client.disconnect()
        await server.stop()
    }
}

extension [Tool.Content] {
    /// The text parts, joined.
    var text: String {
        compactMap { if case .text(let t, _, _) = $0 { return t } else { return nil } }.joined()
    }
}

/// Parses a JSON object (a tool result or a resource).
func jsonObject(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
}
