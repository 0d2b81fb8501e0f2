/// What the middleware learned about the request, visible to the generated operation handlers (which see only
/// their typed input) through task-local values: the handler runs inside the middleware's task.
public enum RequestScope {
    /// The tenant the request's API key belongs to; set by `TenantMiddleware` before any handler runs.
    @TaskLocal public static var tenant: String?
    /// The id the request is logged under.
    @TaskLocal public static var requestID: String = "-"

    /// The authenticated tenant; a handler reached without one is a wiring fault (500), never a guess.
    static func requireTenant() throws -> String {
        guard let tenant else {
            throw APIError(.internalServerError, "internal", "request reached a handler without an authenticated tenant")
        }
        return tenant
    }
}
