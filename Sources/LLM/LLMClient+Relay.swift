import Foundation

/// Relaying a caller's own request, for a proxy: the body goes on with its fields untouched and the chunks come
/// back as the server wrote them.
extension LLMClient {
        /// Streams a chat completion request given as its JSON object, every field passed on as it is (tools,
    /// response_format, ...), `model` filled in when absent, `stream` and `stream_options.include_usage` set.
    /// Yields each chunk's JSON text exactly as the server sent it (to hand on to the proxy's own caller), then
    /// the completion folded from the chunks (to keep). Same retries, limits and errors as `stream`.
    public func relay(_ body: [String: JSONValue]) -> AsyncThrowingStream<RelayedChunk, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    var body = body
                    if body["model"] == nil { body["model"] = .string(self.configuration.model) }
                    body["stream"] = .bool(true)
                    var options: [String: JSONValue] = body["stream_options"].flatMap { if case .object(let o) = $0 { o } else { nil } } ?? [:]
                    options["include_usage"] = .bool(true)
                    body["stream_options"] = .object(options)
                    let data = try Self.encode(body)
                    try await self.withinTotal {
                        try await self.runStream(data, onChunk: { continuation.yield(.chunk($0)) }, onEvent: { event in
                            if case .completed(let c) = event { continuation.yield(.completed(c)) }
                        })
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: self.map(error))
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// A whole (not streamed) chat completion for a request given as its JSON object: the server's answer body
    /// as it is, and the completion read from it.
    public func relayWhole(_ body: [String: JSONValue]) async throws -> (body: Data, completion: ChatCompletion) {
        do {
            var body = body
            if body["model"] == nil { body["model"] = .string(configuration.model) }
            body["stream"] = .bool(false)
            body["stream_options"] = nil
            let data = try Self.encode(body)
            return try await withinTotal {
                let started = ContinuousClock.now
                let (response, attempts) = try await self.send("chat/completions", body: data, accept: "application/json", deadline: self.deadline())
                let bytes = Data(try await response.body.collect(upTo: Self.bodyLimit).readableBytesView)
                var acc = ChatStreamAccumulator()
                _ = try acc.apply(try Self.decode(WireCompletion.self, bytes))
                let completion = acc.completion(attempts: attempts)
                self.record(.chat, completion.model, completion.usage, attempts, since: started)
                return (bytes, completion)
            }
        } catch { throw map(error) }
    }
}
