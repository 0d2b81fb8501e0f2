import Foundation
import HTTPTypes
import Hummingbird

/// The body every error answers with: `{"error": {"code": ..., "message": ..., "request_id"?: ...}}`.
struct ErrorBody: Encodable {
    struct Detail: Encodable {
        var code: String
        var message: String
        var requestID: String?
        enum CodingKeys: String, CodingKey { case code, message, requestID = "request_id" }
    }
    var error: Detail

    /// The response for an error; a 5xx carries the request id it was logged under.
    static func response(_ error: APIError, requestID: String, headers extra: HTTPFields = [:]) -> Response {
        let fault = error.status.kind == .serverError
        let body = ErrorBody(error: Detail(code: error.code, message: error.message, requestID: fault ? requestID : nil))
        let data = (try? JSONEncoder().encode(body)) ?? Data(#"{"error":{"code":"internal","message":"error body could not be encoded"}}"#.utf8)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        headers.append(contentsOf: extra)
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
