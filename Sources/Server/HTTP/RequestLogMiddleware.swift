import HTTPTypes
import Hummingbird
import Logging

/// One log line per request (method, path, status, milliseconds and the request id Hummingbird's logger carries;
/// never a body, so no event text at info level) and the request's metrics by route template, method and status.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        response.headers[.requestID] = context.id
        // The template, not the path: names in paths would grow the series without bound.
        let route = context.endpointPath ?? "unknown"
        metrics.recordRequest(route: route, method: request.method.rawValue, status: Int(response.status.code), duration: elapsed)
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info("\(request.method.rawValue) \(request.uri.path) \(response.status.code)",
                            metadata: ["ms": "\((ms * 1000).rounded() / 1000)"])
        return response
    }
}

extension HTTPField.Name {
    /// `X-Request-ID`: the id the request was logged under.
    static let requestID = HTTPField.Name("X-Request-ID")!
}
