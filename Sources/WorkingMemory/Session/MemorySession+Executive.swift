import Foundation

extension MemorySession {
    /// Pushes a goal on the executive's stack. - Parameter parent: the goal it serves, if a sub-task.
    @discardableResult
    public func pushGoal(_ text: String, parent: Int64? = nil) throws -> Goal {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw MemoryError.invalidArgument("goal text is empty") }
        try PromptText.checkField(text, "goal text")
        return try mutate {
            if let parent, state.executive.goal(parent) == nil { throw MemoryError.notFound("goal \(parent)") }
            let goal = Goal(id: state.counters.nextGoal, parentID: parent, text: text, status: .open, created: state.now, closed: nil, result: nil)
            state.counters.nextGoal += 1
            state.executive.upsert(goal)
            state.pending.append(.goal(goal))
            return goal
        }
    }

    /// Closes a goal (done, failed, abandoned) with an optional result.
    @discardableResult
    public func closeGoal(_ id: Int64, _ status: Goal.Status = .done, result: String? = nil) throws -> Goal {
        if let result { try PromptText.checkNoNUL(result, "goal result") }
        return try mutate {
            guard var goal = state.executive.goal(id) else { throw MemoryError.notFound("goal \(id)") }
            goal.status = status
            goal.closed = status == .open ? nil : state.now
            goal.result = result ?? goal.result
            state.executive.upsert(goal)
            state.pending.append(.goal(goal))
            return goal
        }
    }

    /// Adds a plan step at the end of a goal's plan.
    @discardableResult
    public func addStep(_ text: String, to goalID: Int64) throws -> PlanStep {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw MemoryError.invalidArgument("step text is empty") }
        try PromptText.checkField(text, "step text")
        return try mutate {
            guard state.executive.goal(goalID) != nil else { throw MemoryError.notFound("goal \(goalID)") }
            let step = PlanStep(id: state.counters.nextStep, goalID: goalID, position: (state.executive.plan(of: goalID).last?.position ?? -1) + 1,
                                text: text, status: .pending, result: nil, updated: state.now)
            state.counters.nextStep += 1
            state.executive.upsert(step)
            state.pending.append(.step(step))
            return step
        }
    }

    /// Sets a step's status and result (the scratchpad of multi-step reasoning).
    @discardableResult
    public func updateStep(_ id: Int64, _ status: PlanStep.Status, result: String? = nil) throws -> PlanStep {
        if let result { try PromptText.checkNoNUL(result, "step result") }
        return try mutate {
            guard var step = state.executive.step(id) else { throw MemoryError.notFound("plan step \(id)") }
            step.status = status
            step.result = result ?? step.result
            step.updated = state.now
            state.executive.upsert(step)
            state.pending.append(.step(step))
            return step
        }
    }
}
