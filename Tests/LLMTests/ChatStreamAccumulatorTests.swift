import Foundation
import Testing
@testable import LLM

@Suite struct ChatStreamAccumulatorTests {
    func wire(_ json: String) throws -> WireCompletion { try JSONDecoder().decode(WireCompletion.self, from: Data(json.utf8)) }

    func fold(_ chunks: [String]) throws -> (events: [ChatStreamEvent], completion: ChatCompletion) {
        var acc = ChatStreamAccumulator()
        var events: [ChatStreamEvent] = []
        for c in chunks { events += try acc.apply(wire(c)) }
        return (events, acc.completion(attempts: 1))
    }

    @Test func argumentFragmentsAreJoinedByIndexForInterleavedParallelCalls() throws {
        let (_, c) = try fold([
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"remember","arguments":""}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"recall","arguments":"{\"q"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"text\":"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"\":\"x\"}"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"hi\"}"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#,
        ])
        #expect(c.toolCalls == [ToolCall(id: "call_a", name: "remember", arguments: #"{"text":"hi"}"#),
                                ToolCall(id: "call_b", name: "recall", arguments: #"{"q":"x"}"#)])
        #expect(c.finishReason == "tool_calls")
    }

    @Test func ollamasReusedIndexZeroWithNewIdsGivesSeparateCalls() throws {
        let (_, c) = try fold([
            #"{"choices":[{"index":0,"delta":{"role":"assistant","content":"","tool_calls":[{"id":"call_1","index":0,"type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"role":"assistant","content":"","tool_calls":[{"id":"call_2","index":0,"type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Lyon\"}"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"tool_calls"}]}"#,
        ])
        #expect(c.toolCalls.map(\.arguments) == [#"{"city":"Paris"}"#, #"{"city":"Lyon"}"#])
        #expect(c.toolCalls.map(\.id) == ["call_1", "call_2"])
    }

    @Test func reasoningIsKeptApartFromTheAnswerUnderEitherFieldName() throws {
        let (events, c) = try fold([
            #"{"choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":"Let me "}}]}"#,
            #"{"choices":[{"index":0,"delta":{"reasoning":"think."}}]}"#,
            #"{"choices":[{"index":0,"delta":{"content":"Paris."}}]}"#,
        ])
        #expect(c.reasoning == "Let me think.")
        #expect(c.content == "Paris.")
        #expect(events == [.reasoning("Let me "), .reasoning("think."), .content("Paris.")])
    }

    @Test func theUsageChunkWithEmptyChoicesGivesTheTokenCounts() throws {
        let (events, c) = try fold([
            #"{"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}],"usage":null}"#,
            #"{"choices":[],"usage":{"prompt_tokens":17,"completion_tokens":1,"total_tokens":18,"completion_tokens_details":{"reasoning_tokens":0}}}"#,
        ])
        #expect(events == [.content("Hi")])
        #expect(c.usage == TokenUsage(promptTokens: 17, completionTokens: 1, totalTokens: 18, reasoningTokens: 0))
    }

    @Test func anErrorObjectInAChunkThrowsTheProvidersMessage() throws {
        var acc = ChatStreamAccumulator()
        #expect(throws: LLMError.stream(message: "model overloaded", type: "server_error", code: "503")) {
            try acc.apply(try wire(#"{"error":{"message":"model overloaded","type":"server_error","code":503}}"#))
        }
    }

    @Test func callsWithoutIdsGetOneSoTheirResultsCanAnswerThem() throws {
        let (_, c) = try fold([#"{"choices":[{"delta":{"tool_calls":[{"function":{"name":"recall","arguments":{"query":"x"}}}]}}]}"#])
        #expect(c.toolCalls == [ToolCall(id: "call_0", name: "recall", arguments: #"{"query":"x"}"#)])
    }

    @Test func chunksShapedAsTheCompatibleServersSendThemFold() throws {
        // Shapes as each server writes them: DashScope's nulls in every field, llama.cpp's first chunk with
        // `content: null`, OpenAI's extra fields (`obfuscation`, `logprobs`, `system_fingerprint`), vLLM's
        // `reasoning_content` and the usage chunk.
        let (events, c) = try fold([
            #"{"id":"chatcmpl-1","choices":[{"delta":{"content":"","function_call":null,"refusal":null,"role":"assistant","tool_calls":null},"finish_reason":null,"index":0,"logprobs":null}],"created":1,"model":"qwen-plus","object":"chat.completion.chunk","service_tier":null,"system_fingerprint":null,"usage":null}"#,
            #"{"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"created":2,"id":"chatcmpl-2","model":"","system_fingerprint":"b1-a414a44","object":"chat.completion.chunk"}"#,
            #"{"id":"c","object":"chat.completion.chunk","created":3,"model":"gpt-4o-mini","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"content":"Por"},"logprobs":null,"finish_reason":null}],"obfuscation":"x1"}"#,
            #"{"id":"c","object":"chat.completion.chunk","model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"reasoning_content":"The city is"},"logprobs":null,"finish_reason":null}]}"#,
            #"{"id":"c","choices":[{"index":0,"delta":{"content":"to"},"finish_reason":"stop","stop_reason":null}]}"#,
            #"{"id":"c","choices":[],"usage":{"prompt_tokens":20,"total_tokens":22,"completion_tokens":2,"prompt_tokens_details":{"cached_tokens":0}}}"#,
        ])
        #expect(c.content == "Porto")
        #expect(c.reasoning == "The city is")
        #expect(events.count == 3)
        #expect(c.finishReason == "stop")
        #expect(c.usage?.totalTokens == 22)
        #expect(c.model == "Qwen/Qwen3-8B")
    }
}
