import Foundation
import HTTPTypes
import Hummingbird
import LLM

/// An error of the memory proxy, in OpenAI's shape (`{"error": {"message", "type", "param", "code"}}`), so that an
/// OpenAI SDK pointed at `wm serve` raises its usual exception with this message. A refused request stores nothing.
struct ProxyError: Error, Sendable, Equatable, CustomStringConvertible {
    var status: HTTPResponse.Status
    var message: String
    /// OpenAI's `type`: `invalid_request_error` for the caller's mistakes, `upstream_error` for the model server's.
    var type: String
    var code: String?
    var param: String?

    var description: String { "\(status.code) \(type)\(code.map { " (\($0))" } ?? ""): \(message)" }

    static func invalid(_ message: String, param: String? = nil, code: String? = nil) -> ProxyError {
        ProxyError(status: .badRequest, message: message, type: "invalid_request_error", code: code, param: param)
    }

    /// The memory's own errors and the API's checks (names, tenants) in the proxy's shape.
    init(_ error: APIError) {
        let type = error.status.kind == .serverError ? "server_error" : error.status == .unauthorized ? "authentication_error" : "invalid_request_error"
        self.init(status: error.status, message: error.message, type: type, code: error.code, param: nil)
    }

    init(status: HTTPResponse.Status, message: String, type: String, code: String? = nil, param: String? = nil) {
        self.status = status
        self.message = message
        self.type = type
        self.code = code
        self.param = param
    }

    /// What the caller gets when the upstream model server failed: its own status for a rate limit (429, so the
    /// caller's SDK backs off as it would against the provider) and for a request it refused (400, 404, 413, 422:
    /// the caller's request was at fault); 502 when the upstream broke or refused the server's own key (the
    /// caller's key is fine); 504 when it did not answer in time. The provider's message is kept.
    init(upstream error: LLMError) {
        switch error {
        case .http(let status, _, let type, let code, _):
            let passed: HTTPResponse.Status
            switch status {
            case 400, 404, 413, 422, 429: passed = HTTPResponse.Status(code: status)
            default: passed = .badGateway
            }
            self.init(status: passed, message: "upstream model server: \(error.description)",
                      type: status == 429 ? (type ?? "rate_limit_error") : "upstream_error", code: code ?? "upstream_http_\(status)")
        case .timeout:
            self.init(status: .gatewayTimeout, message: "upstream model server: \(error.description)", type: "upstream_error", code: "upstream_timeout")
        case .stream(_, let type, let code):
            self.init(status: .badGateway, message: "upstream model server: \(error.description)", type: type ?? "upstream_error", code: code ?? "upstream_stream_error")
        case .configuration, .connection, .invalidResponse, .cancelled:
            self.init(status: .badGateway, message: "upstream model server: \(error.description)", type: "upstream_error", code: "upstream_unavailable")
        }
    }

    /// Any failure while proxying, as the error the caller gets.
    static func from(_ error: any Error) -> ProxyError {
        switch error {
        case let e as ProxyError: return e
        case let e as LLMError: return ProxyError(upstream: e)
        case let e as APIError: return ProxyError(e)
        default: return ProxyError(status: .internalServerError, message: "the memory proxy failed: \(error)", type: "server_error", code: "internal")
        }
    }

    /// The JSON object `{"error": {...}}`, as a response body and as a server-sent event inside a stream.
    /// A 5xx carries the id the server logged the request under.
    func json(requestID: String) -> Data {
        var detail: [String: Any] = ["message": message, "type": type, "param": param ?? NSNull(), "code": code ?? NSNull()]
        if status.kind == .serverError { detail["request_id"] = requestID }
        return (try? JSONSerialization.data(withJSONObject: ["error": detail], options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data(#"{"error":{"message":"error body could not be encoded","type":"server_error"}}"#.utf8)
    }

    func response(requestID: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(bytes: json(requestID: requestID))))
    }
}
