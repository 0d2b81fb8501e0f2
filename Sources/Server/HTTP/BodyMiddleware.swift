import HTTPTypes
import Hummingbird

/// Refuses a body over the limit (413) or not in JSON (415) before any handler reads it, so a refused request
/// stores nothing. The body is collected here, up to the limit, and handed on whole.
struct BodyMiddleware<Context: RequestContext>: RouterMiddleware {
    let limit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard [.post, .put, .patch].contains(request.method) else { return try await next(request, context) }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw Self.tooLarge(limit)
        }
        var request = request
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: limit) } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Self.tooLarge(limit)
        }
        if body.readableBytes > 0 {
            let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
            guard type == "application/json" else {
                throw APIError(.unsupportedMediaType, "unsupported_media_type",
                               "the body must be JSON sent with 'Content-Type: application/json' (got \(type.map { "'\($0)'" } ?? "no Content-Type"))")
            }
        }
        return try await next(request, context)
    }

    static func tooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, "payload_too_large", "the request body is over the server's limit of \(limit) bytes; send smaller batches")
    }
}
