import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import WorkingMemory

/// The server over real sockets: in process on a bound port, and the `wm serve` binary under SIGTERM.
@Suite struct LiveServerTests {
    @Test func theAPIAnswersOverARealSocket() async throws {
        let t = try TestServer()
        try await t.test(.live) { client in
            let posted = try await client.call(.post, sessionPath() + "/events", #"{"role": "user", "text": "Over a socket: the ferry leaves at nine."}"#)
            #expect(posted.status == .created, "\(posted)")
            let context = try await client.call(.post, sessionPath() + "/context", #"{"query": "When does the ferry leave?", "budget": 200}"#)
            #expect(context.text.contains("ferry leaves at nine"), "\(context)")
            let spec = try await client.call(.get, "/openapi.json")
            #expect(spec.json.string("openapi") == "3.1.0")
        }
    }

    @Test func sigtermFinishesTheWritesInFlightAndLosesNothingAcknowledged() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wm-sigterm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("wm.sqlite").path
        let server = try ServeProcess(arguments: ["--db", db])
        let base = server.baseURL
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let writers = 8
        let progress = AckCounter()

        // Writers post events one after another until the server stops answering; each counts its 201s.
        let acknowledged = try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
            for w in 0..<writers {
                group.addTask {
                    var acked: [String] = []
                    for k in 0..<100_000 {
                        let text = "writer \(w) event \(k): the heron stood in the reeds"
                        var request = HTTPClientRequest(url: "\(base)/v1/users/u/agents/app/sessions/w\(w)/events")
                        request.method = .POST
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.body = .bytes(ByteBuffer(string: #"{"role": "user", "text": "\#(text)"}"#))
                        guard let response = try? await client.execute(request, timeout: .seconds(10)), response.status == .created else { break }
                        _ = try? await response.body.collect(upTo: 1 << 20)
                        acked.append(text)
                        progress.add()
                    }
                    return (w, acked)
                }
            }
            // SIGTERM once writes are flowing (a loaded machine may take a while to answer the first ones).
            let deadline = Date().addingTimeInterval(30)
            while progress.count < 40 && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            server.signal(SIGTERM)
            var all: [Int: [String]] = [:]
            for try await (w, acked) in group { all[w] = acked }
            return all
        }
        try await client.shutdown()
        #expect(server.waitForExit() == 0, "wm serve did not exit cleanly after SIGTERM")
        #expect(server.stdout.contains("stopped"))

        let store = try MemoryStore(path: db)
        var total = 0
        for (w, acked) in acknowledged {
            total += acked.count
            guard !acked.isEmpty else { continue }
            let session = try MemorySession.begin(try Namespace(user: "u", agent: "app", session: "w\(w)"), in: store, .restored)
            let stored = Set(try session.events().map(\.event.text))
            let lost = acked.filter { !stored.contains($0) }
            #expect(lost.isEmpty, "writer \(w) lost \(lost.count) acknowledged events")
        }
        #expect(total > 0, "no write was acknowledged before SIGTERM")
    }
}

/// Acknowledged writes so far, across the writer tasks.
final class AckCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
}
