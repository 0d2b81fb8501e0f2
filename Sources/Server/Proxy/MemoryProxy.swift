import Foundation
import HTTPTypes
import Hummingbird
import LLM
import Logging
import NIOCore
import WorkingMemory

/// The drop-in memory proxy: `POST /v1/chat/completions` and `GET /v1/models`, OpenAI-compatible, in front of an
/// upstream model server. Point an OpenAI SDK's base URL at `wm serve` and each call gets a memory:
///
/// 1. the session is named by `X-WM-Session: user/agent/session` (or the request's `user` field), inside the
///    caller's tenant (its `Authorization: Bearer` key is the wm key, as for the API);
/// 2. the memory assembles the context for the new user message within `X-WM-Budget` tokens (or the default);
/// 3. the upstream gets the caller's system message, the assembled context and the user message in place of the
///    history it was sent, with the server's own upstream key; every other field goes on untouched;
/// 4. the answer goes back as it comes (server-sent events passed on chunk by chunk, or whole);
/// 5. once the answer is complete, the user message and the answer are received into the memory in one
///    transaction. A call that fails upstream, or whose caller goes away before the answer is complete, stores
///    nothing, so a retried call does not store its message twice.
///
/// Mounted through `ServerConfiguration.mount` rather than the OpenAPI contract: its bodies are OpenAI's (fields
/// passed on untouched, not a schema of ours), its errors OpenAI's shape, and its streams the upstream's bytes.
public final class MemoryProxy: Sendable {
    public let configuration: ProxyConfiguration
    let client: LLMClient
    let logger: Logger

    static let budgetHeader = HTTPField.Name("X-WM-Budget")!
    static let sessionHeader = HTTPField.Name(ProxySessionName.header)!

    /// - Throws: `ServerConfigurationError` for a configuration that cannot run.
    public init(configuration: ProxyConfiguration, logger: Logger = Logger(label: "wm.proxy")) throws {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
        client = LLMClient(configuration.upstream)
    }

    /// Closes the upstream connections (after the server stopped).
    public func shutdown() async throws { try await client.shutdown() }

    /// Adds the proxy's routes; use as (part of) `ServerConfiguration.mount`.
    public func mount(on router: Router<BasicRequestContext>, cache: SessionCache, bodyLimit: Int) {
        router.post("/v1/chat/completions") { request, context in
            await self.chatCompletions(request, requestID: context.id, cache: cache, bodyLimit: bodyLimit)
        }
        router.get("/v1/models") { _, _ in self.models() }
    }

    /// What a server without an upstream answers on the proxy's routes: 404, saying how to configure one.
    public static func mountUnconfigured(on router: Router<BasicRequestContext>) {
        let error = ProxyError(status: .notFound,
                               message: "this server has no upstream model, so the memory proxy is off; start wm serve with --provider, --base-url or WM_LLM_BASE_URL (and WM_LLM_MODEL)",
                               type: "invalid_request_error", code: "proxy_not_configured")
        router.post("/v1/chat/completions") { _, context in error.response(requestID: context.id) }
        router.get("/v1/models") { _, context in error.response(requestID: context.id) }
    }

    /// The one model this proxy serves (the caller's `model` field is passed on as sent).
    func models() -> Response {
        let body: [String: Any] = ["object": "list", "data": [["id": configuration.upstream.model, "object": "model", "created": 0, "owned_by": "wm"]]]
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.withoutEscapingSlashes])) ?? Data()
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    func chatCompletions(_ request: Request, requestID: String, cache: SessionCache, bodyLimit: Int) async -> Response {
        do {
            let tenant = try RequestScope.requireTenant()
            var request = request
            let bytes = try await request.collectBody(upTo: bodyLimit)
            let chat = try ProxyChatRequest(json: Data(bytes.readableBytesView))
            let userField: String? = if case .string(let u)? = chat.body["user"] { u } else { nil }
            let name = try ProxySessionName(header: request.headers[Self.sessionHeader], userField: userField)
            let namespace = try name.namespace(tenant: tenant)
            let budget = try budget(request.headers[Self.budgetHeader])
            let assembled = try await cache.reading(namespace, create: true) { session in
                do { return try session.context(for: chat.userText, budget: budget) } catch MemoryError.invalidArgument(let why) {
                    throw ProxyError.invalid("the memory cannot assemble a context for this message: \(why); raise \(Self.budgetHeader.rawName)")
                }
            }
            let turn = ProxyTurn(namespace: namespace, cache: cache, request: chat)
            let upstream = chat.upstreamBody(context: assembled.messages)
            if chat.stream { return try await streamed(upstream, turn: turn, requestID: requestID) }
            let (body, completion) = try await client.relayWhole(upstream)
            try await turn.store(answer: completion)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        } catch {
            let failure = ProxyError.from(error)
            if failure.status.kind == .serverError {
                logger.error("proxy call failed", metadata: ["request_id": "\(requestID)", "error": "\(failure)"])
            }
            return failure.response(requestID: requestID)
        }
    }

    /// The budget of `X-WM-Budget`, or the default.
    func budget(_ header: String?) throws -> Int {
        guard let header else { return configuration.defaultBudget }
        guard let n = Int(header.trimmingCharacters(in: .whitespaces)), (1...MemoryAPI.maxBudget).contains(n) else {
            throw ProxyError.invalid("the header \(Self.budgetHeader.rawName) must be a whole number of tokens in 1...\(MemoryAPI.maxBudget) (got '\(header)')", code: "bad_budget")
        }
        return n
    }

    /// A streamed answer. The first upstream event decides the status: an upstream that fails before answering
    /// gets the caller a plain error response; after that, chunks go on as they arrive, and a failure becomes an
    /// error event in the stream (OpenAI's form), with nothing stored.
    func streamed(_ upstream: [String: JSONValue], turn: ProxyTurn, requestID: String) async throws -> Response {
        let relay = RelayIterator(client.relay(upstream))
        guard let first = try await relay.next() else {
            throw ProxyError(status: .badGateway, message: "upstream model server: the stream ended before any answer", type: "upstream_error", code: "upstream_stream_error")
        }
        let includeUsage = turn.request.includeUsage
        let logger = logger
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: ResponseBody { writer in
            func send(_ text: String) async throws(ClientGone) {
                do { try await writer.write(ByteBuffer(string: text)) } catch { throw ClientGone() }
            }
            var event: RelayedChunk? = first
            do {
                while let current = event {
                    switch current {
                    case .chunk(let json):
                        // The upstream was asked for usage either way; a caller that did not ask gets no usage chunk.
                        if includeUsage || !Self.isUsageOnly(json) { try await send("data: \(json)\n\n") }
                    case .completed(let completion):
                        try await turn.store(answer: completion)
                        try await send("data: [DONE]\n\n")
                    }
                    event = try await relay.next()
                }
            } catch is ClientGone {
                // The caller left: dropping the relay cancels the upstream call; an unfinished answer is not stored.
                logger.debug("caller left mid-stream", metadata: ["request_id": "\(requestID)"])
                return
            } catch {
                let failure = ProxyError.from(error)
                logger.warning("proxied stream failed", metadata: ["request_id": "\(requestID)", "error": "\(failure)"])
                try? await send("data: \(String(decoding: failure.json(requestID: requestID), as: UTF8.self))\n\n")
            }
            try? await writer.finish(nil)
        })
    }

    /// Whether a chunk is the usage chunk of `stream_options.include_usage` (no choices).
    static func isUsageOnly(_ json: String) -> Bool {
        guard json.contains("\"usage\""), let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return false }
        return (object["choices"] as? [Any])?.isEmpty ?? true
    }
}

/// The caller closed its connection while its answer was being written.
struct ClientGone: Error {}
