import Foundation
import Hummingbird
import OpenAPIRuntime
import WorkingMemory

/// Turns any error a request met into the `APIError` it answers with, naming the problem for the caller.
enum ErrorDescription {
    static func apiError(for error: any Error, method: String, path: String) -> APIError {
        switch error {
        case let e as APIError: return e
        case let e as MemoryError: return APIError(e)
        case let e as ServerError: return apiError(for: e, method: method, path: path)
        case let e as DecodingError: return APIError(.badRequest, DecodingErrorText.code(of: e), "the request body is not valid: \(DecodingErrorText.describe(e))")
        case let e as HTTPError:
            switch e.status {
            case .notFound: return APIError(.notFound, "not_found", "no route \(method) \(path); GET /openapi.json lists the routes")
            case .contentTooLarge: return APIError(.contentTooLarge, "payload_too_large", "the request body is over the server's limit")
            default:
                return APIError(e.status, e.status.kind == .serverError ? "internal" : "bad_request", e.body ?? e.status.reasonPhrase)
            }
        default:
            return APIError(.internalServerError, "internal", "\(error)")
        }
    }

    static func apiError(for e: ServerError, method: String, path: String) -> APIError {
        switch e.underlyingError {
        case let inner as APIError: return inner
        case let inner as MemoryError: return APIError(inner)
        case let inner as DecodingError:
            let place = e.requestBody == nil ? "a parameter" : "the request body"
            return APIError(.badRequest, DecodingErrorText.code(of: inner), "\(place) is not valid: \(DecodingErrorText.describe(inner))")
        default:
            switch e.httpStatus {
            case .unsupportedMediaType:
                return APIError(.unsupportedMediaType, "unsupported_media_type", "send the body as 'Content-Type: application/json'")
            case .notAcceptable:
                return APIError(.notAcceptable, "not_acceptable", "this route answers application/json (or text/plain for /metrics); fix the Accept header")
            case let status where status.kind == .clientError:
                return APIError(status, "bad_request", DecodingErrorText.plain(e.causeDescription))
            default:
                return APIError(.internalServerError, "internal", "\(e.operationID): \(e.causeDescription): \(e.underlyingError)")
            }
        }
    }
}
