import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A server on loopback that speaks the OpenAI wire protocol (`POST /v1/chat/completions`, `POST /v1/embeddings`,
/// `GET /v1/models`) and answers from a script: each request takes the next queued `StandInReply`, and when the
/// queue is empty gets `otherwise` (default: `.echo`, which is not a model). Tests use it to send exactly the
/// bytes, statuses, delays and errors they want; `wm chat --provider echo` uses it as a demo backend.
///
/// ```swift
/// let server = try await StandInServer.start()
/// server.enqueue(.json(status: 429, body: #"{"error":{"message":"slow down"}}"#, headers: ["retry-after": "1"]))
/// // point a client at server.baseURL ...
/// await server.stop()
/// ```
public final class StandInServer: @unchecked Sendable {
    private let lock = NSLock()
    private var queue: [StandInReply] = []
    private var received: [RecordedRequest] = []
    private let otherwise: StandInReply
    private var task: Task<Void, any Error>?
    private var group: ServiceGroup?
    /// The port it listens on (chosen by the system).
    public private(set) var port = 0

    /// `http://127.0.0.1:<port>/v1`, the base URL to give a client.
    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    private init(otherwise: StandInReply) { self.otherwise = otherwise }

    /// Starts listening on 127.0.0.1 (port 0: any free port, or the one given) and returns once it accepts.
    public static func start(port: Int = 0, otherwise: StandInReply = .echo) async throws -> StandInServer {
        let server = StandInServer(otherwise: otherwise)
        let (ready, signal) = AsyncStream<Int>.makeStream()
        let router = Router()
        router.post("/v1/chat/completions") { request, _ in try await server.respond(request, path: "/v1/chat/completions") }
        router.post("/v1/embeddings") { request, _ in try await server.respond(request, path: "/v1/embeddings") }
        router.get("/v1/models") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"object":"list","data":[{"id":"echo","object":"model","owned_by":"stand-in"}]}"#)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "openai-stand-in"),
                              onServerRunning: { channel in
                                  signal.yield(channel.localAddress?.port ?? 0)
                                  signal.finish()
                              }, logger: quietLogger)
        // Run as a service so that `stop` is a graceful shutdown (open streams end, then the socket closes),
        // bounded so a client that never reads cannot keep it up.
        var configuration = ServiceGroupConfiguration(services: [.init(service: app)], logger: quietLogger)
        configuration.maximumGracefulShutdownDuration = .seconds(2)
        let group = ServiceGroup(configuration: configuration)
        server.group = group
        server.task = Task { try await group.run() }
        for await bound in ready { server.port = bound }
        if server.port == 0 { throw StandInError.notListening }
        return server
    }

    /// Stops listening.
    public func stop() async {
        let (t, g) = lock.withLock { (task, group) }
        await g?.triggerGracefulShutdown()
        _ = try? await t?.value
    }

    /// Queues replies for the next requests, in order.
    public func enqueue(_ replies: StandInReply...) { lock.withLock { queue += replies } }

    /// The requests received so far, in order.
    public var requests: [RecordedRequest] { lock.withLock { received } }

    private func respond(_ request: Request, path: String) async throws -> Response {
        let bytes = try await request.body.collect(upTo: 16 << 20)
        let text = String(buffer: bytes)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let reply = lock.withLock { () -> StandInReply in
            received.append(RecordedRequest(method: "\(request.method)", path: path, headers: headers, body: text, arrival: .now))
            return queue.isEmpty ? otherwise : queue.removeFirst()
        }
        return try await response(for: reply, body: text, path: path)
    }

    private func response(for reply: StandInReply, body: String, path: String) async throws -> Response {
        switch reply {
        case .json(let status, let text, let extra):
            var headers: HTTPFields = [.contentType: "application/json"]
            for (name, value) in extra { if let n = HTTPField.Name(name) { headers[n] = value } }
            return Response(status: .init(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        case .stream(let pieces, let gap):
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                            body: ResponseBody { writer in
                                for piece in pieces {
                                    try await writer.write(ByteBuffer(bytes: piece))
                                    try await Task.sleep(for: gap)
                                }
                                try await writer.finish(nil)
                            })
        case .delayed(let wait, let then):
            try await Task.sleep(for: wait)
            return try await response(for: then, body: body, path: path)
        case .echo:
            let json = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
            return try await response(for: path.hasSuffix("embeddings") ? EchoReply.embeddings(json) : EchoReply.chat(json), body: body, path: path)
        }
    }
}

/// Errors only: the stand-in runs inside `wm chat`, whose output is the conversation.
private let quietLogger: Logger = {
    var logger = Logger(label: "openai-stand-in")
    logger.logLevel = .error
    return logger
}()

/// Why the stand-in could not start.
public enum StandInError: Error, CustomStringConvertible {
    case notListening
    public var description: String { "the OpenAI stand-in could not bind a port on 127.0.0.1" }
}
