/// What `MemorySession.execute` returns.
public struct TaskResult: Sendable {
    /// The model's answer (also received into memory as an assistant event).
    public var answer: String
    /// The context the model saw.
    public var context: AssembledContext
    /// What the gates did with the task and the answer.
    public var taskReception: Reception
    public var answerReception: Reception
}
