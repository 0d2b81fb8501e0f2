import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Request bodies no client should send: bytes that are not UTF-8, lone surrogates, nesting without end, numbers
/// beyond every type. Each is a 400 naming the problem, the server keeps serving, and the session keeps exactly
/// what it held.
@Suite struct HostileBodyTests {
    /// Posts raw bytes after one good event; the session must still hold one event.
    func refused(_ body: [UInt8], path: String = sessionPath() + "/events") async throws -> Reply {
        let t = try TestServer()
        let reply = try await t.test { client in
            _ = try await client.call(.post, sessionPath() + "/events", #"{"role": "user", "text": "The first event."}"#)
            let reply = try await client.execute(uri: path, method: .post, headers: [.contentType: "application/json"],
                                                 body: ByteBuffer(bytes: body)) { r in
                Reply(status: r.status, headers: r.headers, text: String(buffer: r.body))
            }
            let health = try await client.call(.get, "/healthz")
            #expect(health.status == .ok, "the server stopped answering after \(reply)")
            return reply
        }
        #expect(try t.storedEvents() == 1, "a refused request stored something")
        #expect(reply.status == .badRequest, "\(reply)")
        #expect(!reply.errorMessage.isEmpty, "\(reply)")
        return reply
    }

    @Test func aBodyThatIsNotUTF8IsInvalidJSON() async throws {
        let r = try await refused(Array(#"{"role": "user", "text": "bad "#.utf8) + [0xFF, 0xFE] + Array(#" bytes"}"#.utf8))
        #expect(r.errorCode == "invalid_json", "\(r)")
        #expect(r.errorMessage.contains("not UTF-8 (invalid byte sequence at byte 30)"), "\(r)")
    }

    @Test func aLoneSurrogateInATextIsRefused() async throws {
        let r = try await refused(Array(#"{"role": "user", "text": "half \ud800 a pair"}"#.utf8))
        #expect(r.errorMessage.contains("\\uD800 at byte 31, half of a UTF-16 surrogate pair"), "\(r)")
    }

    @Test func aBodyNestedTenThousandDeepIsRefusedWithoutCrashing() async throws {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let r = try await refused(Array(#"{"role": "user", "text": "x", "metadata": \#(deep)}"#.utf8))
        #expect(r.errorMessage.contains("nests deeper than 64 levels"), "\(r)")
    }

    @Test func aNullNestedDeepIsFoundWithoutCrashing() async throws {
        let deep = String(repeating: "[", count: 500) + "null" + String(repeating: "]", count: 500)
        _ = try await refused(Array(#"{"role": "user", "text": "x", "metadata": {"a": \#(deep)}}"#.utf8))
    }

    @Test func aNumberBeyondDoubleOrInt64IsRefusedNamingIt() async throws {
        for budget in ["1e400", "99999999999999999999999", "-1e400"] {
            let r = try await refused(Array(#"{"query": "anything", "budget": \#(budget)}"#.utf8), path: sessionPath() + "/context")
            #expect(r.errorMessage.contains("\(budget) at byte 32 is beyond"), "\(budget): \(r)")
        }
    }

    @Test func chineseAndEmojiInThePathSpeakerTextFactAndGoalComeBackExactly() async throws {
        let t = try TestServer()
        let user = "用户👤", agent = "助手🤖", session = "会话🧪"
        @Sendable func encoded(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"]))! }
        let base = sessionPath(encoded(user), encoded(agent), encoded(session))
        let text = "我们周五在上海见面 🎉 👩‍👩‍👧"
        try await t.test { client in
            let posted = try await client.call(.post, base + "/events", #"{"role": "user", "speaker": "李雷🙂", "text": "\#(text)"}"#)
            #expect(posted.status == .created, "\(posted)")
            let fact = try await client.call(.put, base + "/facts/\(encoded("李雷🙂"))/\(encoded("城市"))", #"{"value": "上海🏙"}"#)
            #expect(fact.status.code < 300, "\(fact)")
            let goal = try await client.call(.post, base + "/goals", #"{"title": "订票 ✈️", "steps": ["比较价格 💶"]}"#)
            #expect(goal.status == .created, "\(goal)")
            let event = try await client.call(.get, base + "/events").json.array("events").first
            #expect(event?.string("text") == text && event?.string("speaker") == "李雷🙂", "\(String(describing: event))")
            let facts = try await client.call(.get, base + "/facts").text
            #expect(facts.contains("上海🏙") && facts.contains("城市"), "\(facts)")
            let goals = try await client.call(.get, base + "/goals").text
            #expect(goals.contains("订票 ✈️") && goals.contains("比较价格 💶"), "\(goals)")
        }
        #expect(try t.storedEvents(user: user, agent: agent, session: session) == 1)
    }
}
