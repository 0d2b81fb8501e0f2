import Foundation

/// Where a session lives: a user, an agent and a session name. Two sessions with different namespaces never
/// see each other's items, events, slots, goals or decisions (every stored row carries the session's row id).
public struct Namespace: Hashable, Sendable, Codable, CustomStringConvertible {
    public var user: String
    public var agent: String
    public var session: String

    /// - Parameters:
    ///   - user: the end user the memory belongs to (e.g. an account id).
    ///   - agent: the application or agent that owns the memory.
    ///   - session: one conversation or task run of that agent with that user.
    /// - Throws: `MemoryError.invalidArgument` when a part is empty or holds control characters.
    public init(user: String = "default", agent: String = "default", session: String) throws {
        for (name, value) in [("user", user), ("agent", agent), ("session", session)] {
            if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw MemoryError.invalidArgument("namespace \(name) is empty; give a non-empty name")
            }
            if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                throw MemoryError.invalidArgument("namespace \(name) '\(value.debugDescription)' holds control characters")
            }
        }
        self.user = user
        self.agent = agent
        self.session = session
    }

    public var description: String { "\(user)/\(agent)/\(session)" }
}
