import Foundation
import Testing
import LLM
import OpenAIStandIn

@Suite struct LLMClientStreamingTests {
    @Test func aStreamCutAtOddByteBoundariesInsideUTF8ArrivesWhole() async throws {
        let text = StandInReply.events([chunk("Grüße, "), chunk("你好 "), chunk("🧠!"), finishChunk, usageChunk])
        for size in [1, 2, 3, 5, 7, 13] {
            let got = try await withStandIn { server, client in
                server.enqueue(.stream(pieces: StandInReply.pieces(text, size: size), gap: .zero))
                return try await collect(client.stream(hello))
            }
            #expect(got.completion?.content == "Grüße, 你好 🧠!", "pieces of \(size) bytes")
            #expect(got.pieces == [.content("Grüße, "), .content("你好 "), .content("🧠!")], "pieces of \(size) bytes")
        }
    }

    @Test func theUsageChunkIsRecordedOnTheCompletionAndInTheLedger() async throws {
        try await withStandIn { server, client in
            server.enqueue(.stream(pieces: [Array(StandInReply.events([chunk("Hi"), finishChunk, usageChunk]).utf8)]))
            let got = try await collect(client.stream(hello))
            #expect(got.completion?.usage == TokenUsage(promptTokens: 12, completionTokens: 3, totalTokens: 15))
            #expect(client.ledger.calls.map(\.usage) == [TokenUsage(promptTokens: 12, completionTokens: 3, totalTokens: 15)])
        }
    }

    @Test func theRequestAsksForAStreamWithUsage() async throws {
        try await withStandIn { server, client in
            server.enqueue(.stream(pieces: [Array(StandInReply.events([chunk("Hi"), finishChunk]).utf8)]))
            _ = try await collect(client.stream(hello))
            let body = try JSONSerialization.jsonObject(with: Data(server.requests[0].body.utf8)) as? [String: Any]
            #expect(body?["stream"] as? Bool == true)
            #expect((body?["stream_options"] as? [String: Any])?["include_usage"] as? Bool == true)
            #expect(body?["model"] as? String == "stand-in")
            #expect(server.requests[0].headers["accept"] == "text/event-stream")
        }
    }

    @Test func anErrorMidStreamThrowsTheProvidersMessageAfterThePiecesBeforeIt() async throws {
        try await withStandIn { server, client in
            let error = #"{"error":{"message":"the request exceeds the available context size","type":"invalid_request_error","code":400}}"#
            server.enqueue(.stream(pieces: [Array(StandInReply.events([chunk("Par"), error], done: false).utf8)]))
            var pieces: [ChatStreamEvent] = []
            await #expect(throws: LLMError.stream(message: "the request exceeds the available context size", type: "invalid_request_error", code: "400")) {
                for try await e in client.stream(hello) { pieces.append(e) }
            }
            #expect(pieces == [.content("Par")])
        }
    }

    @Test func toolCallDeltasOverTheWireBecomeWholeCalls() async throws {
        try await withStandIn { server, client in
            let chunks = [
                #"{"choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"remember","arguments":""}}]}}]}"#,
                #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"text\":\"Ich "}}]}}]}"#,
                #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"mag Grün\"}"}}]}}]}"#,
                #"{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#,
            ]
            server.enqueue(.stream(pieces: StandInReply.pieces(StandInReply.events(chunks), size: 9)))
            let got = try await collect(client.stream(hello))
            #expect(got.completion?.toolCalls == [ToolCall(id: "call_1", name: "remember", arguments: #"{"text":"Ich mag Grün"}"#)])
            #expect(got.completion?.finishReason == "tool_calls")
        }
    }

    @Test func aServerThatIgnoresStreamAndAnswersWholeStillGivesTheAnswer() async throws {
        try await withStandIn { server, client in
            server.enqueue(.json(status: 200, body: plainAnswer))
            let got = try await collect(client.stream(hello))
            #expect(got.pieces == [.content("fine")])
            #expect(got.completion?.usage?.promptTokens == 5)
        }
    }

    @Test func aStreamCutBeforeItsEndIsAConnectionErrorNotAShortAnswer() async throws {
        try await withStandIn { server, client in
            server.enqueue(.stream(pieces: [Array(StandInReply.events([chunk("Half an ans")], done: false).utf8)]))
            await #expect { try await collect(client.stream(hello)) } throws: {
                guard case LLMError.connection(let m) = $0 else { return false }
                return m.contains("[DONE]")
            }
        }
    }

    @Test func cancellingTheConsumerStopsTheStreamBeforeItsEnd() async throws {
        try await withStandIn { server, client in
            let many = (0..<400).map { _ in Array("data: \(chunk("x "))\n\n".utf8) }
            server.enqueue(.stream(pieces: many, gap: .milliseconds(50)))  // 20 s if read to the end
            let consumer = Task { () -> Int in
                var n = 0
                for try await _ in client.stream(hello) { n += 1 }
                return n
            }
            try await Task.sleep(for: .milliseconds(300))
            consumer.cancel()
            // The stream ends early (no error: a cancelled consumer just stops), long before its 400 pieces.
            let pieces = try await consumer.value
            #expect(pieces < 400)
        }
    }
}
