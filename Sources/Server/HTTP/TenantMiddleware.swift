import HTTPTypes
import Hummingbird

/// Finds the tenant of a request: the one its `Authorization: Bearer KEY` belongs to, or the single tenant of a
/// server without keys. A missing or unknown key is a 401 before anything is read or written. The tenant is
/// handed to the handlers as `RequestScope.tenant`; the key itself is never logged or echoed.
struct TenantMiddleware<Context: RequestContext>: RouterMiddleware {
    /// nil: one tenant, no keys (a loopback-only server).
    let keys: TenantKeys?
    let singleTenant: String
    /// Paths anyone may read (health, metrics, the contract).
    let publicPaths: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if publicPaths.contains(request.uri.path) { return try await next(request, context) }
        guard let keys else {
            return try await RequestScope.$tenant.withValue(singleTenant) { try await next(request, context) }
        }
        guard let header = request.headers[.authorization], let tenant = TenantKeys.bearerToken(header).flatMap(keys.tenant(for:)) else {
            throw APIError.unauthorized
        }
        return try await RequestScope.$tenant.withValue(tenant) { try await next(request, context) }
    }

}
