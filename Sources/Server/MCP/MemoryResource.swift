import MCP
import WorkingMemory

/// The session state a client can read without a tool call: MCP resources, as JSON.
public enum MemoryResource: String, CaseIterable, Sendable {
    /// The current facts (the sketchpad): `{"facts": [{"entity", "attribute", "value"}]}`.
    case facts = "memory://facts"
    /// Every goal with its plan steps, open ones and closed ones: `{"goals": [...]}`.
    case goals = "memory://goals"

    public var uri: String { rawValue }

    /// The listing (`resources/list`).
    public var mcpResource: Resource {
        switch self {
        case .facts:
            return Resource(name: "facts", uri: uri, title: "Known facts",
                            description: "The session's current facts: entity, attribute and value, as set by set_fact or found in remembered turns.",
                            mimeType: "application/json")
        case .goals:
            return Resource(name: "goals", uri: uri, title: "Goals and plans",
                            description: "The session's goals with their plan steps, status and results.",
                            mimeType: "application/json")
        }
    }

    /// The resource's JSON for a session.
    public func json(of session: MemorySession) -> Value {
        switch self {
        case .facts:
            return ["facts": .array(session.sketchpad.slots.map { MemoryJSON.fact($0.key, $0.value) })]
        case .goals:
            let executive = session.executive
            return ["goals": .array(executive.goals.map { MemoryJSON.goal($0, plan: executive.plan(of: $0.id)) })]
        }
    }

    /// The contents as MCP reads them (`resources/read`).
    public func contents(of session: MemorySession) -> Resource.Content {
        .text(MemoryJSON.encode(json(of: session)), uri: uri, mimeType: "application/json")
    }
}
