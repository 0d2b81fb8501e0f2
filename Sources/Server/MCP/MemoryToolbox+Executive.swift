import MCP
import WorkingMemory

/// The tools of the central executive: goals and the status of their plan steps.
extension MemoryToolbox {
    /// The most plan steps one goal takes at once.
    public static let maxSteps = 100

    static let pushGoal = MemoryTool(
        name: "push_goal", title: "Push a goal",
        description: """
        Start a goal or task, optionally with its plan as steps in order. Use it at the start of a multi-step \
        task, so the goal and the status of each step appear in every later context until it is done. Returns \
        the goal id and the step numbers (1, 2, ...) that update_step takes.
        """,
        inputSchema: ToolSchema.object([
            "title": ToolSchema.string("The goal, in a sentence."),
            "steps": ToolSchema.strings("The plan: one short sentence per step, in order (at most \(maxSteps))."),
        ], required: ["title"])
    ) { args, session in
        let title = try args.string("title")
        let steps = try args.strings("steps") ?? []
        // Check every step before storing the goal, so a refused call stores nothing.
        if steps.count > maxSteps {
            throw ToolCallError.outOfRange(tool: args.tool, argument: "steps", expected: "at most \(maxSteps) steps", got: "\(steps.count)")
        }
        if let empty = steps.firstIndex(where: { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) {
            throw ToolCallError.wrongType(tool: args.tool, argument: "steps[\(empty)]", expected: "a non-empty sentence", got: "an empty string")
        }
        let goal = try session.pushGoal(title)
        for step in steps { try session.addStep(step, to: goal.id) }
        return MemoryJSON.goal(goal, plan: session.executive.plan(of: goal.id))
    }

    static let updateStep = MemoryTool(
        name: "update_step", title: "Update a step",
        description: """
        Record the progress of one plan step of a goal made with push_goal: its status and, when it is \
        finished, its result. Use it when you start a step (running), finish it (done, with the result), fail \
        or skip it, so later turns see what was done and what is left.
        """,
        inputSchema: ToolSchema.object([
            "goal_id": ToolSchema.integer("The goal's id (from push_goal).", in: 1...maxID),
            "step": ToolSchema.integer("The step's number in the goal's plan: 1 for the first.", in: 1...maxSteps),
            "status": ToolSchema.choice(PlanStep.Status.self, "The step's new status."),
            "result": ToolSchema.string("What the step produced or why it failed.", nonEmpty: false),
        ], required: ["goal_id", "step", "status"])
    ) { args, session in
        let goalID = Int64(try args.integer("goal_id", in: 1...maxID))
        let number = try args.integer("step", in: 1...maxSteps)
        let status: PlanStep.Status = try args.choice("status")
        let result = try args.optionalString("result")
        let executive = session.executive
        guard let goal = executive.goal(goalID) else { throw MemoryError.notFound("goal \(goalID) in session \(session.namespace)") }
        let plan = executive.plan(of: goalID)
        guard number <= plan.count else {
            throw ToolCallError.outOfRange(tool: args.tool, argument: "step", expected: plan.isEmpty ? "a step of goal \(goalID), which has no steps" : "a step of goal \(goalID): 1...\(plan.count)", got: "\(number)")
        }
        let step = try session.updateStep(plan[number - 1].id, status, result: result)
        let left = session.executive.plan(of: goalID).filter { $0.status == .pending || $0.status == .running }.count
        guard case .object(var o) = MemoryJSON.step(step) else { return .null }
        o["goal_id"] = .int(Int(goal.id))
        o["steps_left"] = .int(left)
        return .object(o)
    }
}
