import Testing
@testable import LLM

@Suite struct LLMConfigurationTests {
    @Test func flagsWinOverEnvironmentWhichWinsOverTheProvider() throws {
        let env = ["WM_LLM_BASE_URL": "http://gpu-box:8000/v1/", "WM_LLM_MODEL": "qwen2.5-7b"]
        let fromEnv = try LLMConfiguration.resolve(provider: .vllm, baseURL: nil, model: nil, environment: env)
        #expect(fromEnv.baseURL == "http://gpu-box:8000/v1")
        #expect(fromEnv.model == "qwen2.5-7b")
        let fromFlags = try LLMConfiguration.resolve(provider: .vllm, baseURL: "http://other:1/v1", model: "m2", environment: env)
        #expect(fromFlags.baseURL == "http://other:1/v1")
        #expect(fromFlags.model == "m2")
        let fromPreset = try LLMConfiguration.resolve(provider: .llamacpp, baseURL: nil, model: nil, environment: [:])
        #expect(fromPreset.baseURL == "http://localhost:8080/v1")
    }

    @Test func presetsUseTheProvidersDocumentedAddresses() {
        #expect(Provider.ollama.defaultBaseURL == "http://localhost:11434/v1")
        #expect(Provider.vllm.defaultBaseURL == "http://localhost:8000/v1")
        #expect(Provider.openai.defaultBaseURL == "https://api.openai.com/v1")
        #expect(Provider.dashscope.defaultBaseURL == "https://dashscope.aliyuncs.com/compatible-mode/v1")
    }

    @Test func aMissingModelSaysWhichVariableToSet() {
        #expect {
            try LLMConfiguration.resolve(provider: .ollama, baseURL: nil, model: nil, environment: [:])
        } throws: { "\($0)".contains("WM_LLM_MODEL") }
    }

    @Test func aHostedProviderWithoutAKeyIsRefusedBeforeAnyCall() {
        #expect {
            try LLMConfiguration.resolve(provider: .openai, baseURL: nil, model: nil, environment: [:])
        } throws: { "\($0)".contains("WM_LLM_API_KEY") }
    }

    @Test func aBaseURLThatIsNotHTTPIsRefused() {
        #expect(throws: LLMError.self) { try LLMConfiguration(baseURL: "localhost:11434", model: "m") }
        #expect(throws: LLMError.self) { try LLMConfiguration(baseURL: "ftp://x/v1", model: "m") }
    }

    @Test func aTimeoutThatIsNotAPositiveNumberIsRefused() {
        #expect(throws: LLMError.self) { try LLMConfiguration(baseURL: "http://x/v1", model: "m", timeouts: LLMTimeouts(firstByte: .nan)) }
        #expect(throws: LLMError.self) { try LLMConfiguration(baseURL: "http://x/v1", model: "m", timeouts: LLMTimeouts(total: 0)) }
    }
}
