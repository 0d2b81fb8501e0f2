import HTTPTypes
import Hummingbird
import Logging

/// Answers every error with the API's error body (`ErrorBody`), whatever threw it: the generated decoding
/// (malformed JSON, wrong types, unknown enum values), the router (unknown route), the body checks (413, 415),
/// the engine (bad argument 400, not found 404) or a fault (500, logged with the request id it answers with).
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Routes by template and method, to tell a wrong method (405) from an unknown route (404).
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let path = request.uri.path
            var apiError = ErrorDescription.apiError(for: error, method: request.method.rawValue, path: path)
            var headers: HTTPFields = [:]
            // The router answers 404 for a known path asked with another method; the contract says which are allowed.
            if let routerError = error as? HTTPError, routerError.status == .notFound, let allowed = routes.methods(forPath: path),
               !allowed.contains(request.method.rawValue) {
                apiError = APIError(.methodNotAllowed, "method_not_allowed",
                                    "\(request.method.rawValue) is not allowed on \(path); use \(allowed.joined(separator: ", "))")
                headers[.allow] = allowed.joined(separator: ", ")
            }
            if apiError.status.kind == .serverError {
                context.logger.error("request failed", metadata: ["request_id": "\(context.id)", "error": "\(error)"])
                apiError.message = "internal error; the server logged it under request id \(context.id)"
            } else {
                context.logger.debug("request refused", metadata: ["reason": "\(apiError.message)"])
            }
            return ErrorBody.response(apiError, requestID: context.id, headers: headers)
        }
    }
}
