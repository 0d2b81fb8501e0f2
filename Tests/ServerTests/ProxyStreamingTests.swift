import AsyncHTTPClient
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OpenAIStandIn
import Testing

/// The memory proxy's streams: the upstream's chunks passed on as they are, the answer stored once complete.
@Suite struct ProxyStreamingTests {
    /// A stream whose chunks hold multi-byte characters, cut into pieces of 7 bytes (cuts inside characters).
    static let chunks = [
        #"{"id":"s1","object":"chat.completion.chunk","model":"echo","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"#,
        #"{"id":"s1","object":"chat.completion.chunk","model":"echo","choices":[{"index":0,"delta":{"content":"Olá, 张伟! "},"finish_reason":null}]}"#,
        #"{"id":"s1","object":"chat.completion.chunk","model":"echo","choices":[{"index":0,"delta":{"content":"Porto 🎉 is lovely."},"finish_reason":null}]}"#,
        #"{"id":"s1","object":"chat.completion.chunk","model":"echo","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#,
        #"{"id":"s1","object":"chat.completion.chunk","model":"echo","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":9,"total_tokens":21}}"#,
    ]

    @Test func streamedChunksReachTheCallerByteForByteWithTheUsageChunk() async throws {
        let h = try await ProxyHarness.start()
        h.standIn.enqueue(.stream(pieces: StandInReply.pieces(StandInReply.events(Self.chunks), size: 7), gap: .milliseconds(1)))
        let reply = try await h.run { client in
            try await client.chat(chatBody([("user", "Say hello to Zhang Wei.")], stream: true, usage: true))
        }
        #expect(reply.status == .ok, "\(reply)")
        #expect(reply.headers[.contentType] == "text/event-stream")
        #expect(ssePayloads(reply.text) == Self.chunks + ["[DONE]"])
        #expect(try h.events() == ["user: Say hello to Zhang Wei.", "assistant: Olá, 张伟! Porto 🎉 is lovely."])
    }

    @Test func aCallerThatDidNotAskForUsageGetsNoUsageChunk() async throws {
        let h = try await ProxyHarness.start()
        h.standIn.enqueue(.stream(pieces: [Array(StandInReply.events(Self.chunks).utf8)]))
        let reply = try await h.run { client in try await client.chat(chatBody([("user", "Hi.")], stream: true)) }
        #expect(ssePayloads(reply.text) == Array(Self.chunks.prefix(4)) + ["[DONE]"])
        let sent = try #require(try JSONSerialization.jsonObject(with: Data(h.standIn.requests[0].body.utf8)) as? [String: Any])
        #expect(sent.object("stream_options")["include_usage"] as? Bool == true, "the proxy still asks the upstream for usage")
    }

    @Test func theEchoAnswerStreamsWithTheSameContentAsTheWholeAnswer() async throws {
        let h = try await ProxyHarness.start()
        let (whole, streamed) = try await h.run { client in
            let body = chatBody([("user", "Lisbon is sunny today.")])
            let whole = try await client.chat(body, session: "ana/app/one")
            let streamed = try await client.chat(chatBody([("user", "Lisbon is sunny today.")], stream: true), session: "ana/app/two")
            return (whole, streamed)
        }
        let wholeText = try #require(whole.json.array("choices").first?.object("message").string("content"))
        #expect(streamedContent(ssePayloads(streamed.text)) == wholeText)
        #expect(try h.events("ana", "app", "two").last == "assistant: \(wholeText)")
    }

    @Test func aCallerThatLeavesMidStreamStoresNothing() async throws {
        let h = try await ProxyHarness.start()
        let slow = (0..<40).map { #"{"id":"s","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"word\#($0) "},"finish_reason":null}]}"# }
        h.standIn.enqueue(.stream(pieces: StandInReply.events(slow).split(separator: "\n\n").map { Array("\($0)\n\n".utf8) }, gap: .milliseconds(50)))
        try await h.run { client in
            let port = try #require(client.port)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/chat/completions")
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/json")
            request.headers.add(name: "x-wm-session", value: "ana/app/trip")
            request.body = .bytes(ByteBuffer(data: try JSONSerialization.data(withJSONObject: chatBody([("user", "Tell me a long story.")], stream: true))))
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            let response = try await http.execute(request, timeout: .seconds(10))
            #expect(response.status == .ok)
            var iterator = response.body.makeAsyncIterator()
            _ = try await iterator.next()  // the first chunk arrived: the answer is under way
            try await http.shutdown()      // the caller goes away
            try await Task.sleep(for: .seconds(3))  // longer than the rest of the upstream's stream
        }
        #expect(try h.events().isEmpty, "neither the message nor the unfinished answer is stored")
    }
}
