import ArgumentParser
import Foundation
import LLM
import OpenAIStandIn

/// Where the model is: `--provider` presets, `--base-url`/`--model` over `WM_LLM_BASE_URL`/`WM_LLM_MODEL`.
/// The key comes from `WM_LLM_API_KEY` only: a key on the command line would show in `ps` and shell history.
struct LLMOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Model server preset: ollama, llamacpp, vllm, openai, dashscope; or echo (a stand-in on loopback that repeats what it is sent: not a model).",
                               valueName: "name"))
    var provider: String?
    @Option(help: "API root of an OpenAI-compatible server (overrides WM_LLM_BASE_URL and the preset).")
    var baseURL: String?
    @Option(help: "Model name (overrides WM_LLM_MODEL and the preset).")
    var model: String?
    @Option(help: "Seconds to wait for the first byte of an answer (and between streamed pieces).")
    var firstByteTimeout: Double = 120
    @Option(help: "Seconds a whole call may take, retries included.")
    var timeout: Double = 600
    @Option(help: "Retries of a call after a 408, 409, 429 or 5xx answer or a broken connection.")
    var retries = 2

    var isEcho: Bool { provider?.lowercased() == "echo" }

    func validate() throws {
        if isEcho && (baseURL != nil || model != nil) {
            throw ValidationError("--provider echo runs its own stand-in on loopback; leave out --base-url and --model")
        }
        if !(firstByteTimeout > 0 && firstByteTimeout.isFinite) { throw ValidationError("--first-byte-timeout must be > 0 seconds (got \(firstByteTimeout))") }
        if !(timeout > 0 && timeout.isFinite) { throw ValidationError("--timeout must be > 0 seconds (got \(timeout))") }
        if retries < 0 { throw ValidationError("--retries must be >= 0 (got \(retries))") }
    }

    /// The client configuration; for `echo`, `standIn` is the stand-in's base URL.
    func configuration(standIn: String? = nil) throws -> LLMConfiguration {
        do {
            let timeouts = LLMTimeouts(firstByte: firstByteTimeout, total: timeout)
            let retry = RetryPolicy(maxRetries: retries)
            if let standIn {
                return try LLMConfiguration(baseURL: standIn, model: "echo", timeouts: timeouts, retry: retry)
            }
            let preset = try provider.map { name -> Provider in
                guard let p = Provider(rawValue: name.lowercased()) else {
                    throw ValidationError("unknown provider '\(name)'; use one of: \(Provider.allCases.map(\.rawValue).joined(separator: ", ")), echo")
                }
                return p
            }
            return try LLMConfiguration.resolve(provider: preset, baseURL: baseURL, model: model, timeouts: timeouts, retry: retry)
        } catch let error as LLMError { throw CLIError(error.description) }
    }

    /// Runs `body` with a client (and, for `echo`, the stand-in it talks to), shutting both down after.
    func withClient<T>(_ body: (LLMClient) async throws -> T) async throws -> T {
        let standIn = isEcho ? try await StandInServer.start() : nil
        let client = LLMClient(try configuration(standIn: standIn?.baseURL))
        do {
            let result = try await body(client)
            try? await client.shutdown()
            await standIn?.stop()
            return result
        } catch {
            try? await client.shutdown()
            await standIn?.stop()
            throw error
        }
    }
}
