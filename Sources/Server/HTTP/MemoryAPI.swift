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
        for (name, value) in [("user", user), ("agent", agent), ("session", session)] { try checkName(name, value) }
        do { return try Namespace(tenant: tenant, user: user, agent: agent, session: session) } catch let error as MemoryError {
            throw APIError(error)
        }
    }

    /// The contract's `Name`: not blank, at most 256 characters, no control character, no slash.
    static func checkName(_ what: String, _ value: String) throws {
        if isBlank(value) { throw APIError.badRequest("the \(what) name is empty") }
        if value.unicodeScalars.count > 256 { throw APIError.badRequest("the \(what) name has more than 256 characters") }
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw APIError.badRequest("the \(what) name holds control characters")
        }
        if value.contains("/") { throw APIError.badRequest("the \(what) name holds a slash") }
    }

    /// No visible character: only white space (and the ASCII separators U+001C to U+001F, which JSON Schema's
    /// `\\s` counts as space).
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.isWhitespace || (0x1C...0x1F).contains($0.value) }
    }

    /// Whether a stored value fits JSON: NaN and infinities do not (a feature could hold one).
    static func finite(_ features: [String: Double]) -> Components.Schemas.Features {
        .init(additionalProperties: features.filter { $0.value.isFinite })
    }
}
