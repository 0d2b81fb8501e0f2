import AsyncHTTPClient
import Testing
@testable import LLM

@Suite struct LLMErrorTests {
    let client = LLMClient(try! LLMConfiguration(baseURL: "http://127.0.0.1:9/v1", model: "m", timeouts: LLMTimeouts(connect: 3, firstByte: 7, total: 11)))

    @Test func eachHTTPClientTimeoutBecomesItsOwnLimitWithItsSeconds() async throws {
        #expect(client.map(HTTPClientError.connectTimeout) == .timeout(.connect, seconds: 3))
        #expect(client.map(HTTPClientError.readTimeout) == .timeout(.firstByte, seconds: 7))
        #expect(client.map(HTTPClientError.deadlineExceeded) == .timeout(.total, seconds: 11))
        #expect(client.map(CancellationError()) == .cancelled)
        #expect(client.map(HTTPClientError.remoteConnectionClosed) == .connection("http://127.0.0.1:9/v1 closed the connection"))
    }

    @Test func aClientDroppedWithoutShutdownDoesNotStopTheProcess() async throws {
        for _ in 0..<3 { _ = LLMClient(try LLMConfiguration(baseURL: "http://127.0.0.1:9/v1", model: "m")) }
        try await Task.sleep(for: .milliseconds(200))  // the background shutdowns finish; a trap would end the run here
    }

    @Test func messagesSayWhatToDo() {
        #expect("\(LLMError.http(status: 401, message: "bad key", type: nil, code: "invalid_api_key", attempts: 1))"
            == "the model server answered HTTP 401 (invalid_api_key): bad key; check WM_LLM_API_KEY")
        #expect("\(LLMError.http(status: 429, message: "quota", type: "insufficient_quota", code: "insufficient_quota", attempts: 1))"
            .hasSuffix("the account's quota is used up, retrying will not help"))
        #expect("\(LLMError.http(status: 503, message: "", type: nil, code: nil, attempts: 3))" == "the model server answered HTTP 503 after 3 attempts: (no message)")
        #expect("\(LLMError.timeout(.firstByte, seconds: 0.5))" == "no answer within the first byte timeout (0.5 s)")
    }
}
