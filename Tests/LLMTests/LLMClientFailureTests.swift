import Foundation
import Testing
import LLM
import OpenAIStandIn

@Suite struct LLMClientFailureTests {
    @Test func a429WithRetryAfterIsRetriedAfterTheWaitItAsks() async throws {
        try await withStandIn { server, client in
            server.enqueue(.json(status: 429, body: #"{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}"#,
                                 headers: ["retry-after": "1"]),
                           .json(status: 200, body: plainAnswer))
            let c = try await client.complete(hello)
            #expect(c.content == "fine")
            #expect(c.attempts == 2)
            let r = server.requests
            #expect(r.count == 2)
            #expect(r[1].arrival - r[0].arrival >= .milliseconds(950))
        }
    }

    @Test func retryAfterMsIsHonouredOnAStream() async throws {
        try await withStandIn { server, client in
            server.enqueue(.json(status: 503, body: "overloaded", headers: ["retry-after-ms": "300"]),
                           .stream(pieces: [Array(StandInReply.events([chunk("ok"), finishChunk]).utf8)]))
            let got = try await collect(client.stream(hello))
            #expect(got.completion?.content == "ok")
            let r = server.requests
            #expect(r[1].arrival - r[0].arrival >= .milliseconds(280))
        }
    }

    @Test func a500ThenSuccessGivesTheAnswer() async throws {
        try await withStandIn { server, client in
            server.enqueue(.json(status: 500, body: #"{"error":{"message":"boom"}}"#), .json(status: 200, body: plainAnswer))
            let c = try await client.complete(hello)
            #expect(c.content == "fine")
            #expect(c.attempts == 2)
            #expect(c.usage == TokenUsage(promptTokens: 5, completionTokens: 1))
        }
    }

    @Test func anExhaustedQuotaIsReportedAtOnceWithoutRetrying() async throws {
        try await withStandIn { server, client in
            let body = #"{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#
            server.enqueue(.json(status: 429, body: body), .json(status: 200, body: plainAnswer))
            await #expect(throws: LLMError.http(status: 429, message: "You exceeded your current quota", type: "insufficient_quota", code: "insufficient_quota", attempts: 1)) {
                try await client.complete(hello)
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test func retriesStopAtTheLimitAndTheErrorCountsTheAttempts() async throws {
        try await withStandIn { server, client in
            server.enqueue(.json(status: 502, body: "bad gateway"), .json(status: 502, body: "bad gateway"), .json(status: 502, body: "bad gateway"))
            await #expect(throws: LLMError.http(status: 502, message: "bad gateway", type: nil, code: nil, attempts: 3)) {
                try await client.complete(hello)
            }
        }
    }

    @Test func aClientErrorIsNotRetriedAndCarriesTheProvidersMessage() async throws {
        try await withStandIn { server, client in
            server.enqueue(.json(status: 404, body: #"{"error":{"message":"model 'nope' not found","type":"api_error"}}"#))
            await #expect { try await client.complete(hello) } throws: { error in
                let text = "\(error)"
                return text.contains("404") && text.contains("model 'nope' not found") && text.contains("check the base URL")
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test func aFirstByteSlowerThanTheTimeoutIsAFirstByteTimeout() async throws {
        try await withStandIn(timeouts: LLMTimeouts(connect: 2, firstByte: 0.3, total: 20), retry: .never) { server, client in
            // Were the limit not kept, the answer would arrive (after 30 s) and nothing would be thrown.
            server.enqueue(.delayed(.seconds(30), .json(status: 200, body: plainAnswer)))
            await #expect(throws: LLMError.timeout(.firstByte, seconds: 0.3)) { try await client.complete(hello) }
        }
    }

    @Test func theWholeCallLimitEndsAStreamThatKeepsTrickling() async throws {
        try await withStandIn(timeouts: LLMTimeouts(connect: 2, firstByte: 2, total: 0.5), retry: .never) { server, client in
            server.enqueue(.stream(pieces: (0..<100).map { _ in Array("data: \(chunk("x"))\n\n".utf8) }, gap: .milliseconds(50)))
            await #expect(throws: LLMError.timeout(.total, seconds: 0.5)) { try await collect(client.stream(hello)) }
        }
    }

    @Test func nothingListeningIsAConnectionErrorNamingTheServer() async throws {
        // A port that was just free: bind the stand-in, note its port, stop it.
        let server = try await StandInServer.start()
        let base = server.baseURL
        await server.stop()
        let client = LLMClient(try LLMConfiguration(baseURL: base, model: "m", retry: .never))
        await #expect { try await client.complete(hello) } throws: { error in
            guard case LLMError.connection(let m) = error else { return false }
            return m.contains(base)
        }
        try await client.shutdown()
    }

    @Test func theKeyGoesInTheAuthorizationHeaderAndNowhereElseEvenWhenTheServerEchoesIt() async throws {
        let secret = "sk-live-abcdefghijklmnop"
        try await withStandIn(apiKey: secret) { server, client in
            server.enqueue(.json(status: 401, body: #"{"error":{"message":"Incorrect API key provided: \#(secret)","type":"invalid_request_error","code":"invalid_api_key"}}"#))
            await #expect { try await client.complete(hello) } throws: { error in
                let text = "\(error) \(String(reflecting: error))"
                return !text.contains(secret) && text.contains("<redacted>") && text.contains("WM_LLM_API_KEY")
            }
            #expect(server.requests[0].headers["authorization"] == "Bearer \(secret)")
            #expect(!server.requests[0].body.contains(secret))
        }
    }

    @Test func badRequestsAreRefusedBeforeAnythingIsSent() async throws {
        try await withStandIn { server, client in
            await #expect(throws: LLMError.self) { try await client.complete(ChatRequest(messages: [])) }
            await #expect(throws: LLMError.self) { try await client.complete(ChatRequest(messages: [.user("x")], temperature: .nan)) }
            #expect(server.requests.isEmpty)
        }
    }
}
