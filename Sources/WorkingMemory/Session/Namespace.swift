import Foundation

/// Where a session lives: a tenant, a user, an agent and a session name. Two sessions with different namespaces
/// never see each other's items, events, slots, goals or decisions (every stored row carries the session's row id).
///
/// The tenant is the outermost partition: the server maps each API key to one, and a tenant's sessions are
/// invisible to every other tenant. Embedded use (the CLI, the Swift API) lives in the tenant `default`.
public struct Namespace: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The tenant of a single-tenant database (CLI, Swift API, a server without keys).
    public static let defaultTenant = "default"

    public var tenant: String
    public var user: String
    public var agent: String
    public var session: String

    /// - Parameters:
    ///   - tenant: the owner of a set of users (one API key's data); `default` for embedded use.
    ///   - user: the end user the memory belongs to (e.g. an account id).
    ///   - agent: the application or agent that owns the memory.
    ///   - session: one conversation or task run of that agent with that user.
    /// - Throws: `MemoryError.invalidArgument` when a part is empty or holds control characters.
    public init(tenant: String = Namespace.defaultTenant, user: String = "default", agent: String = "default", session: String) throws {
        for (name, value) in [("tenant", tenant), ("user", user), ("agent", agent), ("session", session)] {
            if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw MemoryError.invalidArgument("namespace \(name) is empty; give a non-empty name")
            }
            if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                throw MemoryError.invalidArgument("namespace \(name) '\(value.debugDescription)' holds control characters")
            }
        }
        self.tenant = tenant
        self.user = user
        self.agent = agent
        self.session = session
    }

    public var description: String {
        tenant == Self.defaultTenant ? "\(user)/\(agent)/\(session)" : "\(tenant):\(user)/\(agent)/\(session)"
    }

    // A namespace stored before tenants existed decodes into the default tenant.
    enum CodingKeys: String, CodingKey { case tenant, user, agent, session }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(tenant: try c.decodeIfPresent(String.self, forKey: .tenant) ?? Self.defaultTenant,
                      user: try c.decode(String.self, forKey: .user), agent: try c.decode(String.self, forKey: .agent),
                      session: try c.decode(String.self, forKey: .session))
    }
}
