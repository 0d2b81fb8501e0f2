import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Server
import Testing
import WorkingMemory

/// A server on a fresh in-memory database, driven in process (HummingbirdTesting) or over a socket.
struct TestServer {
    let server: MemoryServer
    let store: MemoryStore

    init(keys: [String: String]? = nil, bodyLimit: Int = 1 << 20, cacheBytes: Int = 64 << 20, store: MemoryStore? = nil) throws {
        self.store = try store ?? MemoryStore.inMemory()
        var logger = Logger(label: "wm.test")
        logger.logLevel = .critical
        server = try MemoryServer(store: self.store, configuration: ServerConfiguration(
            keys: try keys.map { try TenantKeys($0) }, bodyLimit: bodyLimit, cacheBytes: cacheBytes, threads: 4), logger: logger)
    }

    func test<T: Sendable>(_ setup: TestingSetup = .router, _ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await server.application().test(setup, body)
    }

    /// Events stored for a namespace, read straight from the database (not through the server).
    func storedEvents(tenant: String = "default", user: String = "ana", agent: String = "app", session: String = "trip") throws -> Int {
        let ns = try Namespace(tenant: tenant, user: user, agent: agent, session: session)
        guard try store.namespaces(tenant: tenant).contains(ns) else { return 0 }
        return try MemorySession.begin(ns, in: store, .restored).events().count
    }
}

/// A session's base path.
func sessionPath(_ user: String = "ana", _ agent: String = "app", _ session: String = "trip") -> String {
    "/v1/users/\(user)/agents/\(agent)/sessions/\(session)"
}

/// What came back: status, headers, the body as text and as JSON.
struct Reply: Sendable, CustomStringConvertible {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var text: String

    var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]) ?? [:] }
    /// `error.code` of an error body.
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    var errorMessage: String { ((json["error"] as? [String: Any])?["message"] as? String) ?? "" }
    var description: String { "\(status.code) \(text.prefix(600))" }
}

extension TestClientProtocol {
    /// One request; a body is sent as JSON unless `contentType` says otherwise.
    func call(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil, key: String? = nil,
              contentType: String? = "application/json", headers extra: HTTPFields = [:]) async throws -> Reply {
        var headers = extra
        if let key { headers[.authorization] = "Bearer \(key)" }
        if body != nil, let contentType { headers[.contentType] = contentType }
        return try await execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }
}

extension Dictionary where Key == String, Value == Any {
    func array(_ key: String) -> [[String: Any]] { self[key] as? [[String: Any]] ?? [] }
    func object(_ key: String) -> [String: Any] { self[key] as? [String: Any] ?? [:] }
    func int(_ key: String) -> Int? { (self[key] as? NSNumber)?.intValue }
    func string(_ key: String) -> String? { self[key] as? String }
}
