import Foundation
import HTTPTypes
import OpenAPIRuntime
import WorkingMemory

/// Prepares a request for the generated decoders: an empty body becomes no body (so an optional body may be
/// left out); the integer path and query parameters are checked first, so a bad one is named in the error; and
/// a `null` anywhere in the body is refused (no field of the contract is nullable, and the generated decoders
/// would take it for a missing field).
struct OpenAPIInputMiddleware: ServerMiddleware {
    /// Path parameters that are integer ids.
    static let integerPathParameters = ["item", "goal", "step"]
    static let integerQueryParameters = ["after", "limit"]
    let bodyLimit: Int

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        for name in Self.integerPathParameters {
            if let value = metadata.pathParameters[name], Int64(value) == nil {
                throw APIError.badRequest("the \(name) id '\(value.removingPercentEncoding ?? String(value))' in the path is not an integer")
            }
        }
        if let query = request.path?.split(separator: "?", maxSplits: 1).dropFirst().first {
            for pair in query.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(parts[0]), value = parts.count > 1 ? String(parts[1]) : ""
                if Self.integerQueryParameters.contains(name), Int(value) == nil {
                    throw APIError.badRequest("the query parameter '\(name)' must be an integer (got '\(value.removingPercentEncoding ?? value)')")
                }
            }
        }
        guard let body else { return try await next(request, nil, metadata) }
        let bytes = try await [UInt8](collecting: body, upTo: bodyLimit)
        if bytes.isEmpty { return try await next(request, nil, metadata) }
        // Bytes that are not UTF-8 or hold half a surrogate pair: the generated decoders would name another field.
        if let problem = JSONTextCheck.beforeDecoding(bytes) {
            throw APIError(.badRequest, "invalid_json", "the request body is not valid JSON: \(problem)")
        }
        if let refusal = JSONNullCheck.refusal(bytes) { throw APIError.badRequest(refusal) }
        do {
            return try await next(request, HTTPBody(bytes), metadata)
        } catch let error as ServerError {
            // Foundation says only "not valid JSON": say why, when the reason is one JSONTextCheck knows.
            if let decoding = error.underlyingError as? DecodingError, DecodingErrorText.code(of: decoding) == "invalid_json",
               let why = JSONTextCheck.malformed(bytes) {
                throw APIError(.badRequest, "invalid_json", "the request body is not valid: malformed JSON (\(why))")
            }
            throw error
        }
    }
}
