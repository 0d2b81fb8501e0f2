import Foundation
import HTTPTypes
import HummingbirdTesting
import OpenAIStandIn
import Testing

/// The memory proxy's memory: what it stores of a call, and what it sends upstream in place of the history.
@Suite struct ProxyMemoryTests {
    @Test func theMemoryReceivesTheUserMessageAndTheAnswer() async throws {
        let h = try await ProxyHarness.start()
        let reply = try await h.run { client in
            try await client.chat(chatBody(system: "Be brief.", [("user", "My sister Ana lives in Porto.")]))
        }
        #expect(reply.status == .ok, "\(reply)")
        let answer = try #require(reply.json.array("choices").first?.object("message").string("content"))
        #expect(answer.contains("My sister Ana lives in Porto."))
        #expect(try h.events() == ["user: My sister Ana lives in Porto.", "assistant: \(answer)"])
    }

    @Test func theUpstreamGetsTheAssembledContextInPlaceOfTheHistory() async throws {
        let h = try await ProxyHarness.start()
        try await h.run { client in
            _ = try await client.chat(chatBody([("user", "My sister Ana lives in Porto and loves green tea.")]))
            // Later turns push it out of the recent turns: it can only come back as a memory.
            for filler in ["I prefer trains to planes.", "The weather is mild today.", "My cat sleeps all day.", "I bought a new lamp.", "Jazz is my favourite music."] {
                _ = try await client.chat(chatBody([("user", filler)]))
            }
            // The caller sends a history the memory never saw; the upstream must get the memory's context instead.
            let history: [(String, String)] = [("user", "CALLER-HISTORY one"), ("assistant", "CALLER-HISTORY two"), ("user", "Where does Ana live?")]
            let r = try await client.chat(chatBody(system: "You are the travel helper.", history), headers: [HTTPField.Name("X-WM-Budget")!: "300"])
            #expect(r.status == .ok, "\(r)")
        }
        let sent = try h.upstreamMessages(6)
        let texts = sent.compactMap { $0["content"] as? String }
        #expect(!texts.joined().contains("CALLER-HISTORY"))
        #expect(sent.first?["role"] as? String == "system")
        #expect((texts.first ?? "").hasPrefix("You are the travel helper.\n\n"), "the caller's system message comes first, kept")
        #expect(texts.first?.contains("Ana lives in Porto") == true, "the memory's recollection is in the system message, after the caller's")
        #expect(sent.last?["role"] as? String == "user" && texts.last == "Where does Ana live?")
        #expect(sent.filter { $0["role"] as? String == "system" }.count == 1, "one system message: the caller's, then the memory's")
    }

    @Test func everyOtherFieldOfTheRequestGoesUpstreamUntouched() async throws {
        let h = try await ProxyHarness.start()
        try await h.run { client in
            var body = chatBody([("user", "Hello there.")])
            body["temperature"] = 0.25
            body["max_tokens"] = 77
            body["response_format"] = ["type": "text"]
            body["model"] = "caller-model"
            _ = try await client.chat(body)
        }
        let sent = try #require(try JSONSerialization.jsonObject(with: Data(h.standIn.requests[0].body.utf8)) as? [String: Any])
        #expect(sent["temperature"] as? Double == 0.25)
        #expect(sent["max_tokens"] as? Int == 77)
        #expect((sent["response_format"] as? [String: Any])?["type"] as? String == "text")
        #expect(sent["model"] as? String == "caller-model")
    }

    @Test func theBudgetHeaderBoundsTheAssembledContext() async throws {
        let h = try await ProxyHarness.start(budget: 4000)
        try await h.run { client in
            for i in 0..<30 { _ = try await client.chat(chatBody([("user", "Note \(i): the harbour of Porto has \(i) red boats and a long quay.")])) }
            _ = try await client.chat(chatBody([("user", "How many red boats are in Porto?")]), headers: [HTTPField.Name("X-WM-Budget")!: "120"])
            _ = try await client.chat(chatBody([("user", "How many red boats are in Porto?")]))
        }
        let small = try h.upstreamMessages(30).compactMap { $0["content"] as? String }.joined()
        let large = try h.upstreamMessages(31).compactMap { $0["content"] as? String }.joined()
        #expect(small.count < 120 * 6, "about 4 characters a token: 120 tokens are well under 720 characters (got \(small.count))")
        #expect(large.count > small.count * 3)
    }

    @Test func theUpstreamKeyIsTheServersNeverTheCallers() async throws {
        let callerKey = "wm-alpha-key-0123456789abcdef"
        let h = try await ProxyHarness.start(keys: [callerKey: "alpha"])
        let reply = try await h.run { client in try await client.chat(chatBody([("user", "Hi.")]), key: callerKey) }
        #expect(reply.status == .ok, "\(reply)")
        let request = try #require(h.standIn.requests.first)
        #expect(request.headers["authorization"] == "Bearer \(ProxyHarness.upstreamKey)")
        #expect(!request.headers.values.joined().contains(callerKey))
        #expect(!request.body.contains(callerKey))
    }

    @Test func aToolRoundOfTheSameTurnDoesNotStoreTheUserMessageTwice() async throws {
        let h = try await ProxyHarness.start()
        try await h.run { client in
            _ = try await client.chat(chatBody([("user", "What is the weather in Porto?")]))
            let round: [String: Any] = ["model": "echo", "messages": [
                ["role": "user", "content": "What is the weather in Porto?"],
                ["role": "assistant", "content": NSNull(), "tool_calls": [["id": "c1", "type": "function", "function": ["name": "weather", "arguments": "{}"]]]],
                ["role": "tool", "tool_call_id": "c1", "content": "sunny, 24 C"],
            ]]
            let r = try await client.chat(round)
            #expect(r.status == .ok, "\(r)")
        }
        let events = try h.events()
        #expect(events.filter { $0 == "user: What is the weather in Porto?" }.count == 1)
        #expect(events.last?.contains("the tool answered: sunny, 24 C") == true)
        let sent = try h.upstreamMessages(1)
        #expect(sent.suffix(2).map { $0["role"] as? String } == ["assistant", "tool"], "the tool round goes on after the user message")
    }

    @Test func modelsListsTheUpstreamModel() async throws {
        let h = try await ProxyHarness.start()
        let reply = try await h.run { client in try await client.call(.get, "/v1/models") }
        #expect(reply.status == .ok)
        #expect(reply.json.string("object") == "list")
        #expect(reply.json.array("data").first?.string("id") == "echo")
    }
}
