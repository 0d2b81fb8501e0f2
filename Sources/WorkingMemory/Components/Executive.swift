/// The central executive (Baddeley 2000): the session's goal/task stack and the plan steps of each goal with
/// their status and results. The session runs the gates; the executive holds what the work is about.
public struct Executive: Sendable, Equatable {
    /// All goals ever pushed in this session (closed ones stay, for the record).
    public private(set) var goals: [Goal] = []
    public private(set) var steps: [PlanStep] = []

    public init() {}

    /// Open goals, the most recently pushed last (the top of the stack).
    public var openGoals: [Goal] { goals.filter { $0.status == .open } }
    /// The goal being worked on: the top of the stack.
    public var currentGoal: Goal? { openGoals.last }

    /// The plan of a goal, in order.
    public func plan(of goalID: Int64) -> [PlanStep] {
        steps.filter { $0.goalID == goalID }.sorted { $0.position < $1.position }
    }

    public func goal(_ id: Int64) -> Goal? { goals.first { $0.id == id } }
    public func step(_ id: Int64) -> PlanStep? { steps.first { $0.id == id } }

    mutating func upsert(_ goal: Goal) {
        if let i = goals.firstIndex(where: { $0.id == goal.id }) { goals[i] = goal } else { goals.append(goal) }
    }

    mutating func upsert(_ step: PlanStep) {
        if let i = steps.firstIndex(where: { $0.id == step.id }) { steps[i] = step } else { steps.append(step) }
    }

    mutating func removeGoal(_ id: Int64) { goals.removeAll { $0.id == id } }
    mutating func removeStep(_ id: Int64) { steps.removeAll { $0.id == id } }

    mutating func removeAll() { goals.removeAll(); steps.removeAll() }
}
