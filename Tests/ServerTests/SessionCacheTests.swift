import Foundation
import HummingbirdTesting
import Server
import Testing
import WorkingMemory

/// Sessions load on first use, go least recently used under the memory cap, and come back exactly.
@Suite struct SessionCacheTests {
    static let events = #"{"events": [{"role": "user", "text": "My sister Ana lives in Porto.", "time": "2024-05-01T10:00:00Z"}, {"role": "user", "text": "Remember the vault code 4411.", "time": "2024-05-01T10:05:00Z", "pin": true}, {"role": "assistant", "text": "Noted: the vault code.", "time": "2024-05-01T10:06:00Z"}]}"#

    /// Everything readable about the session, as text.
    static func view(_ client: any TestClientProtocol) async throws -> String {
        var all = ""
        for path in ["", "/events", "/items", "/items/1/explain", "/facts", "/goals"] {
            all += try await client.call(.get, sessionPath() + path).text + "\n"
        }
        return all
    }

    @Test func anEvictedSessionReloadsExactly() async throws {
        let evicting = try TestServer(), twin = try TestServer()
        let ns = try Namespace(user: "ana", agent: "app", session: "trip")
        var contexts: [String] = []
        for server in [evicting, twin] {
            let context = try await server.test { client in
                _ = try await client.call(.post, sessionPath() + "/events", Self.events)
                _ = try await client.call(.put, sessionPath() + "/facts/user/city", #"{"value": "Porto"}"#)
                _ = try await client.call(.post, sessionPath() + "/goals", #"{"title": "Visit Ana", "steps": ["book a train"]}"#)
                let before = try await Self.view(client)
                if server.server === evicting.server {
                    await server.server.cache.evict(ns)
                    #expect(await !server.server.cache.isLoaded(ns))
                    #expect(try await Self.view(client) == before)
                    #expect(await server.server.cache.isLoaded(ns))
                }
                return try await client.call(.post, sessionPath() + "/context", #"{"query": "What is the vault code?", "budget": 300}"#).text
            }
            contexts.append(context)
        }
        #expect(contexts[0] == contexts[1])
        #expect(contexts[0].contains("4411"))
    }

    @Test func theLeastRecentlyUsedSessionGoesFirstUnderTheCap() async throws {
        // Each session costs its fixed 16 KiB plus its text: two fit under 40 KiB, three do not.
        let t = try TestServer(cacheBytes: 40 << 10)
        let cache = t.server.cache
        let a = try Namespace(user: "u", agent: "app", session: "a"), b = try Namespace(user: "u", agent: "app", session: "b")
        let c = try Namespace(user: "u", agent: "app", session: "c")
        try await t.test { client in
            for name in ["a", "b", "a", "c"] {
                let r = try await client.call(.post, sessionPath("u", "app", name) + "/events", #"{"role": "user", "text": "hello \#(name)"}"#)
                #expect(r.status == .created)
            }
            #expect(await cache.isLoaded(a))
            #expect(await !cache.isLoaded(b))
            #expect(await cache.isLoaded(c))
            #expect(await cache.totalBytes <= 40 << 10)
            // b reloads with its event when used again.
            let events = try await client.call(.get, sessionPath("u", "app", "b") + "/events")
            #expect(events.json.array("events").compactMap { $0.string("text") } == ["hello b"])
        }
    }

    @Test func requestsToOneSessionAreSerialisedAndOthersRunBeside() async throws {
        let t = try TestServer()
        try await t.test { client in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for session in 0..<4 {
                    for k in 0..<10 {
                        group.addTask {
                            let r = try await client.call(.post, sessionPath("u", "app", "s\(session)") + "/events",
                                                          #"{"role": "user", "text": "event \#(k) of session \#(session)"}"#)
                            return r.status == .created ? 1 : 0
                        }
                    }
                }
                var created = 0
                for try await ok in group { created += ok }
                #expect(created == 40)
            }
            for session in 0..<4 {
                let seqs = try await client.call(.get, sessionPath("u", "app", "s\(session)") + "/events").json.array("events").compactMap { $0.int("seq") }
                #expect(seqs == Array(1...10), "session s\(session): \(seqs)")
            }
        }
    }

    @Test func anMCPToolCallRunsOnTheCacheWithTheSessionLeasedAndCountsWhatItAdds() async throws {
        let t = try TestServer()
        let cache = t.server.cache
        let ns = try Namespace(user: "ana", agent: "app", session: "mcp")
        let runner = CachedSession(cache, ns)
        #expect(try await runner.run { $0.items.count } == 0)  // loads (creates) the session
        let before = await cache.totalBytes
        let text = "Remember: the locker code is 3318."
        let result = try await runner.run { MemoryToolbox().call("remember", argumentsJSON: #"{"text": "\#(text)", "pin": true}"#, on: $0) }
        #expect(!result.isError, "\(result.text)")
        #expect(await cache.totalBytes == before + SessionCache.estimatedBytes(text: text))
        #expect(try await runner.run { $0.items.map(\.text) } == [text])
    }
}
