import Foundation

extension MemorySession {
    /// Lifecycle steps 4 and 5: builds the context for a task, calls the model with it, and receives the task and
    /// the answer back into memory (so the next context knows what was asked and answered).
    /// - Parameters:
    ///   - task: the user's request or the agent's next step; must not be empty.
    ///   - model: the chat model.
    ///   - budget: token budget of the context sent to the model.
    ///   - speaker: who asks (default: the user role).
    /// - Throws: the model's error (nothing received then), or the memory's errors.
    public func execute(_ task: String, with model: some LanguageModel, budget: Int, speaker: String? = nil) async throws -> TaskResult {
        let context = try self.context(for: task, budget: budget)
        let answer = try await model.complete(context.messages)
        let now = Date()
        let asked = try receive(MemoryEvent(.user, task, time: max(now, self.now), speaker: speaker))
        let answered = try receive(MemoryEvent(.assistant, answer.isEmpty ? "(empty answer)" : answer, time: max(now, self.now)))
        return TaskResult(answer: answer, context: context, taskReception: asked, answerReception: answered)
    }
}
