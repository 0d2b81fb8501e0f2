/// One tool call a loop ran for the model.
public struct ToolCallRecord: Sendable, Equatable {
    public var name: String
    public var argumentsJSON: String
    public var outcome: ToolOutcome
    /// The tool event received into the session for it (the trace of the call).
    public var eventSeq: Int64
}

/// One request to the model and what it cost.
public struct ModelCallCost: Sendable, Equatable {
    /// What the call was for ("plan", "step 2", "answer", "tool round 2", ...).
    public var purpose: String
    /// Tokens of the messages sent, by the session's counter.
    public var tokensSent: Int
    /// Prompt tokens as the model's server counted them, when it said.
    public var promptTokens: Int?
    public var completionTokens: Int?
}

/// What `MemorySession.converse` returns: the model's final text, the tool calls it made on the way, and each
/// model call's cost.
public struct ModelExchange: Sendable, Equatable {
    public var text: String
    public var toolCalls: [ToolCallRecord]
    public var calls: [ModelCallCost]
}
