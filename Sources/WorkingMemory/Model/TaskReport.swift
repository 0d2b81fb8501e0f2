/// What `MemorySession.runTask` returns: the goal as closed, its plan with each step's result, the answer, and
/// every model call with the tokens it sent.
public struct TaskReport: Sendable, Equatable {
    public var goal: Goal
    public var steps: [PlanStep]
    public var answer: String
    public var calls: [ModelCallCost]
    public var toolCalls: [ToolCallRecord]
}

/// Progress of a task run, reported as it happens (for a command line to print).
public enum TaskProgress: Sendable {
    case planned(Goal, [PlanStep])
    case stepDone(PlanStep, [ModelCallCost])
    case answered(String, [ModelCallCost])
}
