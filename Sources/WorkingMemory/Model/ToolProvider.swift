/// A function a model may call, described the way the OpenAI tools format and MCP both do: a name, what it is for,
/// and a JSON schema of its arguments (as JSON text, so this module needs no JSON type of its own).
public struct ToolSpec: Sendable, Equatable {
    public var name: String
    public var description: String
    /// A JSON schema object, e.g. `{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}`.
    public var parametersJSON: String

    public init(name: String, description: String, parametersJSON: String) {
        self.name = name
        self.description = description
        self.parametersJSON = parametersJSON
    }
}

/// What a tool call gave back: its text for the model, and whether it failed (the model sees the failure and
/// may correct its call; the loop goes on).
public struct ToolOutcome: Sendable, Equatable {
    public var text: String
    public var isError: Bool

    public init(_ text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}

/// Tools offered to the model by the chat and task loops: the memory's own tools (remember, recall, set_fact,
/// push_goal, update_step, ...) or any others. The loops run the calls the model makes and feed the results back.
public protocol ToolProvider: Sendable {
    var tools: [ToolSpec] { get }
    /// Runs one call. Bad arguments are an outcome with `isError`, not a thrown error: the model should see them.
    func call(_ name: String, argumentsJSON: String) async -> ToolOutcome
}
