import Foundation
import Testing
import LLM
import OpenAIStandIn

@Suite struct LLMClientRelayTests {
    let body: [String: JSONValue] = [
        "messages": .array([.object(["role": .string("user"), "content": .string("Hi")])]),
        "response_format": .object(["type": .string("json_object")]),
        "temperature": .number(0.2),
    ]

    @Test func aRelayedStreamPassesTheCallersFieldsOnAndItsChunksBackAsSent() async throws {
        try await withStandIn { server, client in
            let chunks = [chunk("{\"a\":"), chunk("1}"), finishChunk, usageChunk]
            server.enqueue(.stream(pieces: StandInReply.pieces(StandInReply.events(chunks), size: 11)))
            var relayed: [String] = []
            var completion: ChatCompletion?
            for try await event in client.relay(body) {
                switch event {
                case .chunk(let text): relayed.append(text)
                case .completed(let c): completion = c
                }
            }
            #expect(relayed == chunks)
            #expect(completion?.content == "{\"a\":1}")
            #expect(completion?.usage?.promptTokens == 12)
            let sent = try JSONDecoder().decode(JSONValue.self, from: Data(server.requests[0].body.utf8))
            #expect(sent["response_format"] == .object(["type": .string("json_object")]))
            #expect(sent["temperature"] == .number(0.2))
            #expect(sent["model"] == .string("stand-in"))
            #expect(sent["stream"] == .bool(true))
            #expect(sent["stream_options"]?["include_usage"] == .bool(true))
        }
    }

    @Test func aRelayedWholeAnswerComesBackAsTheServerWroteIt() async throws {
        try await withStandIn { server, client in
            server.enqueue(.json(status: 200, body: plainAnswer))
            let (bytes, completion) = try await client.relayWhole(body)
            #expect(String(decoding: bytes, as: UTF8.self) == plainAnswer)
            #expect(completion.content == "fine")
            let sent = try JSONDecoder().decode(JSONValue.self, from: Data(server.requests[0].body.utf8))
            #expect(sent["stream"] == .bool(false))
        }
    }

    @Test func aRelayedRequestIsRetriedLikeAnyOther() async throws {
        try await withStandIn { server, client in
            server.enqueue(.json(status: 503, body: "busy"), .json(status: 200, body: plainAnswer))
            let (_, completion) = try await client.relayWhole(body)
            #expect(completion.attempts == 2)
        }
    }
}
