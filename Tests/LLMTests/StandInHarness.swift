import Foundation
import LLM
import OpenAIStandIn

/// Runs `body` with a stand-in on loopback and a client pointed at it (quick retries; timeouts long enough for a
/// loaded machine, tests of the limits set their own), then stops both whatever happens.
func withStandIn<T>(timeouts: LLMTimeouts = LLMTimeouts(connect: 5, firstByte: 30, total: 60),
                    retry: RetryPolicy = RetryPolicy(maxRetries: 2, initialDelay: 0.01, maxDelay: 0.05),
                    apiKey: String? = nil,
                    _ body: (StandInServer, LLMClient) async throws -> T) async throws -> T {
    let server = try await StandInServer.start(otherwise: .json(status: 500, body: #"{"error":{"message":"no reply queued"}}"#))
    let client = LLMClient(try LLMConfiguration(baseURL: server.baseURL, model: "stand-in", apiKey: try apiKey.map(APIKey.init),
                                                timeouts: timeouts, retry: retry))
    do {
        let result = try await body(server, client)
        try await client.shutdown()
        await server.stop()
        return result
    } catch {
        try? await client.shutdown()
        await server.stop()
        throw error
    }
}

/// Reads a stream to its end: the pieces, and the completion.
func collect(_ stream: AsyncThrowingStream<ChatStreamEvent, any Error>) async throws -> (pieces: [ChatStreamEvent], completion: ChatCompletion?) {
    var pieces: [ChatStreamEvent] = []
    var completion: ChatCompletion?
    for try await event in stream {
        if case .completed(let c) = event { completion = c } else { pieces.append(event) }
    }
    return (pieces, completion)
}

let hello = ChatRequest(messages: [.user("Hello")])

func chunk(_ content: String) -> String {
    let escaped = String(decoding: try! JSONEncoder().encode(content), as: UTF8.self)
    return #"{"id":"c1","object":"chat.completion.chunk","model":"stand-in","choices":[{"index":0,"delta":{"content":\#(escaped)},"finish_reason":null}]}"#
}
let finishChunk = #"{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#
let usageChunk = #"{"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}"#
let plainAnswer = #"{"id":"c2","object":"chat.completion","model":"stand-in","choices":[{"index":0,"message":{"role":"assistant","content":"fine"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}"#
