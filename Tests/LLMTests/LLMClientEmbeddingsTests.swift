import Foundation
import Testing
import LLM
import OpenAIStandIn

@Suite struct LLMClientEmbeddingsTests {
    @Test func embeddingsComeBackInTheOrderOfTheTextsWhateverOrderTheServerUses() async throws {
        try await withStandIn { server, client in
            server.enqueue(.json(status: 200, body: #"{"object":"list","data":[{"index":1,"embedding":[0,1]},{"index":0,"embedding":[1,0]}],"model":"e","usage":{"prompt_tokens":4,"total_tokens":4}}"#))
            let e = try await client.embed(["first", "second"])
            #expect(e.vectors == [[1, 0], [0, 1]])
            #expect(e.usage?.promptTokens == 4)
            #expect(client.ledger.calls.map(\.kind) == [.embeddings])
        }
    }

    @Test func aCountThatDoesNotMatchTheTextsIsAnInvalidResponse() async throws {
        try await withStandIn { server, client in
            server.enqueue(.json(status: 200, body: #"{"data":[{"index":0,"embedding":[1]}]}"#))
            await #expect { try await client.embed(["a", "b"]) } throws: { if case LLMError.invalidResponse = $0 { true } else { false } }
        }
    }
}
