import Foundation
import OpenAPIRuntime
import WorkingMemory

/// The operations of the contract (`openapi.json`), on the engine: each handler finds the caller's session in
/// the shared `SessionCache` (the tenant from its key is the outermost part of the namespace) and calls the same
/// `MemorySession` methods as the Swift API. The generated `APIProtocol` fixes every handler's input and output,
/// so the server answers only what the contract says.
struct MemoryAPI: APIProtocol {
    let cache: SessionCache
    let metrics: ServerMetrics

    /// The caller's namespace: its tenant, and the names in the path (checked by `Namespace`).
    static func namespace(user: String, agent: String, session: String) throws -> Namespace {
        let tenant = try RequestScope.requireTenant()
        for (name, value) in [("user", user), ("agent", agent), ("session", session)] where value.utf8.count > 256 {
            throw APIError.badRequest("the \(name) name has \(value.utf8.count) bytes, more than 256")
        }
        do { return try Namespace(tenant: tenant, user: user, agent: agent, session: session) } catch let error as MemoryError {
            throw APIError(error)
        }
    }

    /// Whether a stored value fits JSON: NaN and infinities do not (a feature could hold one).
    static func finite(_ features: [String: Double]) -> Components.Schemas.Features {
        .init(additionalProperties: features.filter { $0.value.isFinite })
    }
}
