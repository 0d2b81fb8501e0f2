import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A client of an OpenAI-compatible server: chat completions (whole or streamed), embeddings. Retries what is
/// worth retrying (`RetryPolicy`), keeps to `LLMTimeouts`, stops when its task is cancelled, and records every
/// call's token usage in `ledger`. Call `shutdown()` when done (a client dropped without it closes its
/// connections in the background).
///
/// ```swift
/// let client = LLMClient(try LLMConfiguration.resolve(provider: .ollama, baseURL: nil, model: "qwen2.5:0.5b"))
/// for try await event in client.stream(ChatRequest(messages: [.user("Hello")])) {
///     if case .content(let piece) = event { print(piece, terminator: "") }   // 1. pieces as they arrive
/// }
/// try await client.shutdown()
/// ```
public final class LLMClient: Sendable {
    public let configuration: LLMConfiguration
    public let ledger = UsageLedger()
    private let http: HTTPClient
    /// The largest error body read (error objects are small; a proxy's HTML page need not be read whole).
    private static let errorBodyLimit = 64 << 10
    /// The largest whole (not streamed) answer read.
    static let bodyLimit = 64 << 20

    public init(_ configuration: LLMConfiguration) {
        self.configuration = configuration
        let timeout = HTTPClient.Configuration.Timeout(connect: .interval(configuration.timeouts.connect),
                                                       read: .interval(configuration.timeouts.firstByte))
        var http = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: timeout)
        // Our RetryPolicy retries failed connections (with its backoff, within the whole-call limit); the pool's
        // own retries would hold a refused connection until the connect timeout.
        http.connectionPool.retryConnectionEstablishment = false
        self.http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: http)
    }

    /// Closes the connections. The client cannot be used afterwards.
    public func shutdown() async throws { try await http.shutdown() }

    deinit {
        // A client dropped without `shutdown()` still closes its connections: AsyncHTTPClient stops the process
        // when an HTTPClient that is up goes away. (After `shutdown()` this answers "already shut down", ignored.)
        http.shutdown(queue: .global()) { _ in }
    }

    // MARK: chat

    /// One chat completion, answered whole.
    /// - Throws: `LLMError` (configuration, http, timeout, connection, invalidResponse, cancelled).
    public func complete(_ request: ChatRequest) async throws -> ChatCompletion {
        do {
            try request.validate()
            return try await withinTotal { try await self.completeOnce(request) }
        } catch { throw map(error) }
    }

    private func completeOnce(_ request: ChatRequest) async throws -> ChatCompletion {
        do {
            let started = ContinuousClock.now
            let body = try Self.encode(ChatRequestBody(request, model: configuration.model, stream: false))
            let (response, attempts) = try await send("chat/completions", body: body, accept: "application/json", deadline: deadline())
            let bytes = try await response.body.collect(upTo: Self.bodyLimit)
            let wire = try Self.decode(WireCompletion.self, Data(bytes.readableBytesView))
            var acc = ChatStreamAccumulator()
            _ = try acc.apply(wire)
            let completion = acc.completion(attempts: attempts)
            record(.chat, completion.model, completion.usage, attempts, since: started)
            return completion
        } catch { throw map(error) }
    }

    /// One chat completion, streamed: reasoning and answer pieces as they arrive, then `.completed` once. The
    /// request asks for `stream_options.include_usage`, so servers that support it report the tokens at the end.
    /// Cancelling the consuming task (or dropping the stream) cancels the call.
    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try request.validate()
                    let body = try Self.encode(ChatRequestBody(request, model: self.configuration.model, stream: true))
                    try await self.withinTotal { try await self.runStream(body, onEvent: { continuation.yield($0) }) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: self.map(error))
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Sends a streamed request; `onChunk` gets each chunk's JSON as the server wrote it, `onEvent` the pieces and
    /// the completion folded from them.
    func runStream(_ body: Data, onChunk: (@Sendable (String) -> Void)? = nil, onEvent: @Sendable (ChatStreamEvent) -> Void) async throws {
        let started = ContinuousClock.now
        let (response, attempts) = try await send("chat/completions", body: body, accept: "text/event-stream", deadline: deadline())
        // A server that ignores `stream` answers whole: read it as one chunk.
        if response.headers["content-type"].first?.lowercased().hasPrefix("application/json") == true {
            let bytes = Data(try await response.body.collect(upTo: Self.bodyLimit).readableBytesView)
            var acc = ChatStreamAccumulator()
            for piece in try acc.apply(try Self.decode(WireCompletion.self, bytes)) { onEvent(piece) }
            onChunk?(String(decoding: bytes, as: UTF8.self))
            let completion = acc.completion(attempts: attempts)
            record(.chat, completion.model, completion.usage, attempts, since: started)
            onEvent(.completed(completion))
            return
        }
        var parser = ServerSentEventParser()
        var acc = ChatStreamAccumulator()
        var done = false
        var finished = false
        func handle(_ events: [ServerSentEvent]) throws {
            for event in events where !done {
                if event.data.trimmingCharacters(in: .whitespaces) == "[DONE]" { done = true; break }
                let wire = try Self.decode(WireCompletion.self, Data(event.data.utf8))
                if event.event == "error", wire.error == nil {
                    throw LLMError.stream(message: event.data, type: nil, code: nil)
                }
                if wire.choices?.contains(where: { $0.finish_reason != nil }) == true { finished = true }
                let pieces = try acc.apply(wire)
                onChunk?(event.data)
                for piece in pieces { onEvent(piece) }
            }
        }
        for try await buffer in response.body {
            try handle(parser.feed(buffer.readableBytesView))
            if done { break }
        }
        if !done { try handle(parser.finish()) }
        // A stream cut before `[DONE]` and before any finish reason is an answer cut short, not a whole one.
        if !done && !finished { throw LLMError.connection("the stream ended before the answer was complete (no [DONE])") }
        let completion = acc.completion(attempts: attempts)
        record(.chat, completion.model, completion.usage, attempts, since: started)
        onEvent(.completed(completion))
    }

    // MARK: embeddings

    /// Embeddings for `texts`, in their order.
    /// - Parameter model: overrides `configuration.embeddingModel` (and `model`).
    public func embed(_ texts: [String], model: String? = nil) async throws -> Embeddings {
        do {
            if texts.isEmpty { throw LLMError.configuration("nothing to embed: the list of texts is empty") }
            return try await withinTotal { try await self.embedOnce(texts, model: model) }
        } catch { throw map(error) }
    }

    private func embedOnce(_ texts: [String], model: String?) async throws -> Embeddings {
        do {
            let started = ContinuousClock.now
            let name = model ?? configuration.embeddingModel ?? configuration.model
            let body = try Self.encode(EmbeddingsRequestBody(model: name, input: texts))
            let (response, attempts) = try await send("embeddings", body: body, accept: "application/json", deadline: deadline())
            let wire = try Self.decode(WireEmbeddings.self, Data(try await response.body.collect(upTo: Self.bodyLimit).readableBytesView))
            if wire.data.count != texts.count {
                throw LLMError.invalidResponse("\(wire.data.count) embeddings for \(texts.count) texts")
            }
            let ordered = wire.data.enumerated().sorted { ($0.element.index ?? $0.offset) < ($1.element.index ?? $1.offset) }.map(\.element.embedding)
            let usage = wire.usage?.usage
            record(.embeddings, wire.model ?? name, usage, attempts, since: started)
            return Embeddings(vectors: ordered, usage: usage, model: wire.model)
        } catch { throw map(error) }
    }

    // MARK: the wire

    /// Runs `body` under the whole-call limit: past it, `body` is cancelled and the call fails with
    /// `.timeout(.total)`. (The HTTP client's deadline covers the wait for the answer's head, not a streamed body.)
    func withinTotal<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let limit = configuration.timeouts.total
        return try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: .seconds(limit))
                throw LLMError.timeout(.total, seconds: limit)
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    func deadline() -> NIODeadline { .now() + .interval(configuration.timeouts.total) }

    /// Sends a POST, retrying per `configuration.retry`; returns the first 2xx answer, body unread.
    func send(_ path: String, body: Data, accept: String, deadline: NIODeadline) async throws -> (HTTPClientResponse, Int) {
        var request = HTTPClientRequest(url: "\(configuration.baseURL)/\(path)")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "accept", value: accept)
        request.headers.add(name: "user-agent", value: "WorkingMemory-LLM/1")
        if let key = configuration.apiKey { request.headers.add(name: "authorization", value: "Bearer \(key.secret)") }
        request.body = .bytes(ByteBuffer(bytes: body))
        let policy = configuration.retry
        var attempt = 0
        while true {
            attempt += 1
            switch try await attemptOnce(request, attempt: attempt, deadline: deadline) {
            case .answered(let response):
                return (response, attempt)
            case .failed(let failure, let retryHeaders):
                if attempt > policy.maxRetries { throw failure }
                let wait = policy.delay(beforeRetry: attempt - 1, headers: retryHeaders, jitter: Double.random(in: 0..<1))
                // A wait that would outlast the whole-call limit is not worth starting: report what failed.
                if NIODeadline.now() + .interval(wait) >= deadline { throw failure }
                try await Task.sleep(for: .seconds(wait))
            }
        }
    }

    private enum Attempt {
        case answered(HTTPClientResponse)
        /// A failure worth another try, with the answer's headers (lower-cased names) for `Retry-After`.
        case failed(LLMError, retryHeaders: [String: String])
    }

    /// One try: a 2xx answer, a failure worth retrying, or a thrown final failure.
    private func attemptOnce(_ request: HTTPClientRequest, attempt: Int, deadline: NIODeadline) async throws -> Attempt {
        let response: HTTPClientResponse
        do { response = try await http.execute(request, deadline: deadline) } catch {
            let mapped = map(error)
            guard case .connection = mapped else { throw mapped }  // timeouts and cancellation are final
            return .failed(mapped, retryHeaders: [:])
        }
        let status = Int(response.status.code)
        if (200..<300).contains(status) { return .answered(response) }
        let errorBody = (try? await response.body.collect(upTo: Self.errorBodyLimit)).map { Data($0.readableBytesView) } ?? Data()
        let (message, type, code) = Self.errorDetails(errorBody, status: response.status)
        let failure = LLMError.http(status: status, message: scrub(message), type: type, code: code, attempts: attempt)
        guard configuration.retry.shouldRetry(status: status, code: code, type: type) else { throw failure }
        return .failed(failure, retryHeaders: Dictionary(response.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a }))
    }

    /// The provider's message, type and code from an error body, or the body's start when it is not JSON.
    static func errorDetails(_ body: Data, status: HTTPResponseStatus) -> (String, String?, String?) {
        if let wire = try? JSONDecoder().decode(WireErrorBody.self, from: body) {
            if let e = wire.error { return (e.message, e.type, e.code) }
            if let m = wire.message { return (m, nil, nil) }
            if let d = wire.detail { return (d.string ?? d.text, nil, nil) }
        }
        let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return (text.isEmpty ? status.reasonPhrase : text, nil, nil)
    }

    func record(_ kind: CallRecord.Kind, _ model: String?, _ usage: TokenUsage?, _ attempts: Int, since start: ContinuousClock.Instant) {
        let d = ContinuousClock.now - start
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        ledger.record(CallRecord(kind: kind, model: model ?? configuration.model, usage: usage, attempts: attempts, seconds: seconds))
    }

    private func scrub(_ text: String) -> String { configuration.apiKey?.scrub(text) ?? text }

    /// Every failure as an `LLMError`, with the key scrubbed from any text that came from elsewhere.
    func map(_ error: any Error) -> LLMError {
        switch error {
        case let e as LLMError:
            switch e {
            case .stream(let m, let t, let c): return .stream(message: scrub(m), type: t, code: c)
            case .invalidResponse(let m): return .invalidResponse(scrub(m))
            default: return e
            }
        case is CancellationError: return .cancelled
        case let e as HTTPClientError:
            switch e {
            case .connectTimeout: return .timeout(.connect, seconds: configuration.timeouts.connect)
            case .readTimeout: return .timeout(.firstByte, seconds: configuration.timeouts.firstByte)
            case .deadlineExceeded: return .timeout(.total, seconds: configuration.timeouts.total)
            case .cancelled: return Task.isCancelled ? .cancelled : .connection("the request was cancelled")
            case .remoteConnectionClosed: return .connection("\(configuration.baseURL) closed the connection")
            default: return .connection("\(configuration.baseURL): \(scrub(String(describing: e)))")
            }
        default:
            if Task.isCancelled { return .cancelled }
            return .connection("\(configuration.baseURL): \(scrub(String(describing: error)))")
        }
    }

    static func encode(_ value: some Encodable) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = .withoutEscapingSlashes
        do { return try e.encode(value) } catch {
            throw LLMError.configuration("the request cannot be written as JSON: \(error)")  // NaN or infinity
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        do { return try JSONDecoder().decode(type, from: data) } catch {
            throw LLMError.invalidResponse("cannot read \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
    }
}

extension TimeAmount {
    static func interval(_ s: Double) -> TimeAmount { .nanoseconds(Int64((s * 1e9).rounded())) }
}
