import Foundation

extension MemorySession {
    /// Runs a multi-step task with the executive keeping the state (lifecycle steps 3 to 5 over several calls):
    /// the task becomes a goal; the model writes a plan, whose lines become plan steps; each step is one model
    /// call whose result is stored on its step; a last call gives the answer, which closes the goal and is
    /// received into memory with the task, so later tasks can recall it.
    ///
    /// Every call gets the context the memory assembles under `budget`: the goal and the plan's state with the
    /// results so far, facts, relevant memories, recent turns; never the transcript of earlier calls.
    /// - Parameters:
    ///   - task: what to do; not empty.
    ///   - model: the model.
    ///   - budget: tokens per call (instruction included).
    ///   - maxSteps: the most plan steps kept, 1...20.
    ///   - tools: tools the model may call in each step (nil: none).
    ///   - progress: told after the plan, each step and the answer.
    /// - Throws: `.invalidArgument` (empty task, bad limits, a budget too small); the model's errors, after
    ///   marking the goal failed (its steps keep the results reached).
    public func runTask(_ task: String, with model: some ToolCallingModel, budget: Int, maxSteps: Int = 5,
                        tools: (any ToolProvider)? = nil, progress: (@Sendable (TaskProgress) -> Void)? = nil) async throws -> TaskReport {
        let task = task.trimmingCharacters(in: .whitespacesAndNewlines)
        if task.isEmpty { throw MemoryError.invalidArgument("the task is empty") }
        if !(1...20).contains(maxSteps) { throw MemoryError.invalidArgument("maxSteps must be within 1...20 (got \(maxSteps))") }
        let goal = try pushGoal(task)
        var calls: [ModelCallCost] = []
        var toolCalls: [ToolCallRecord] = []
        do {
            // 1. The plan.
            let planPrompt = "Task: \(task)\nWrite a plan of at most \(maxSteps) short steps to do it, one per line, numbered 1., 2., ... Write nothing else."
            let planned = try await converse(try prompt(planPrompt, about: task, budget: budget), with: model, maxRounds: 1, purpose: "plan")
            calls += planned.calls
            var lines = Self.planLines(planned.text)
            if lines.isEmpty { lines = [task] }
            let steps = try lines.prefix(maxSteps).map { try addStep($0, to: goal.id) }
            progress?(.planned(goal, steps))
            // 2. Each step, with the plan's state in the context.
            for (k, step) in steps.enumerated() {
                try updateStep(step.id, .running)
                let stepPrompt = "Task: \(task)\nDo step \(k + 1) of \(steps.count): \(step.text)\nThe plan and the results of the steps before are in the working memory above. Reply with this step's result only, briefly."
                let done = try await converse(try prompt(stepPrompt, about: "\(step.text) \(task)", budget: budget), with: model,
                                              tools: tools, maxRounds: tools == nil ? 1 : 4, purpose: "step \(k + 1)", budget: budget)
                calls += done.calls
                toolCalls += done.toolCalls
                let result = done.text.trimmingCharacters(in: .whitespacesAndNewlines)
                let updated = try updateStep(step.id, .done, result: result.isEmpty ? "(no result)" : result)
                progress?(.stepDone(updated, done.calls))
            }
            // 3. The answer, from the results on the plan.
            let answerPrompt = "Task: \(task)\nAll steps are done; their results are in the plan above. Give the final answer to the task."
            let answered = try await converse(try prompt(answerPrompt, about: task, budget: budget), with: model, maxRounds: 1, purpose: "answer")
            calls += answered.calls
            let answer = answered.text.trimmingCharacters(in: .whitespacesAndNewlines)
            progress?(.answered(answer, answered.calls))
            let closed = try closeGoal(goal.id, .done, result: answer.isEmpty ? "(empty answer)" : answer)
            let time = max(Date(), now)
            try receive(contentsOf: [MemoryEvent(.user, task, time: time, episode: "task \(goal.id)"),
                                     MemoryEvent(.assistant, answer.isEmpty ? "(empty answer)" : answer, time: time, episode: "task \(goal.id)")])
            return TaskReport(goal: closed, steps: executive.plan(of: goal.id), answer: answer, calls: calls, toolCalls: toolCalls)
        } catch {
            _ = try? closeGoal(goal.id, .failed, result: "stopped: \(error)")
            throw error
        }
    }

    /// The assembled context for `query`, its last message replaced by `instruction`, within `budget` in all.
    func prompt(_ instruction: String, about query: String, budget: Int) throws -> [ModelMessage] {
        let extra = max(0, counter.count(instruction) - counter.count(query))
        if budget - extra <= 0 {
            throw MemoryError.invalidArgument("a budget of \(budget) tokens cannot hold the instruction (\(extra) tokens)")
        }
        var messages = try context(for: query, budget: budget - extra).messages.map(ModelMessage.init)
        messages[messages.count - 1] = ModelMessage(.user, instruction)
        return messages
    }

    /// The steps of a plan the model wrote: numbered ("1.", "2)") or bulleted ("-", "*") lines, marks removed.
    static func planLines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).compactMap { raw -> String? in
            var line = raw.trimmingCharacters(in: .whitespaces)
            let digits = line.prefix(while: \.isNumber)
            if !digits.isEmpty, let mark = line.dropFirst(digits.count).first, mark == "." || mark == ")" {
                line = String(line.dropFirst(digits.count + 1))
            } else if line.hasPrefix("- ") || line.hasPrefix("* ") {
                line = String(line.dropFirst(2))
            } else {
                return nil
            }
            line = line.trimmingCharacters(in: .whitespaces)
            return line.isEmpty ? nil : line
        }
    }
}
