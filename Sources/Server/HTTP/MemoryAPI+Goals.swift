import Foundation
import OpenAPIRuntime
import WorkingMemory

extension MemoryAPI {
    func listGoals(_ input: Operations.ListGoals.Input) async throws -> Operations.ListGoals.Output {
        let p = input.path
        let namespace = try Self.namespace(user: p.user, agent: p.agent, session: p.session)
        let executive = try await cache.reading(namespace) { $0.executive }
        return .ok(.init(body: .json(.init(goals: executive.goals.map { Self.goal(of: $0, executive) }))))
    }

    func createGoal(_ input: Operations.CreateGoal.Input) async throws -> Operations.CreateGoal.Output {
        let p = input.path
        let namespace = try Self.namespace(user: p.user, agent: p.agent, session: p.session)
        guard case .json(let body) = input.body else { throw APIError.badRequest("the body must be JSON") }
        if Self.isBlank(body.title) { throw APIError.badRequest("'title' is empty") }
        let steps = body.steps ?? []
        if steps.count > 1000 { throw APIError.badRequest("'steps' holds \(steps.count) steps, more than 1000") }
        if let i = steps.firstIndex(where: Self.isBlank) {
            throw APIError.badRequest("'steps[\(i)]' is empty")
        }
        let (goal, executive) = try await cache.reading(namespace) { session in
            if let parent = body.parentId, session.executive.goal(parent) == nil {
                throw APIError.notFound("no goal \(parent) (parent_id) in this session")
            }
            let goal = try session.pushGoal(body.title, parent: body.parentId)
            for step in steps { try session.addStep(step, to: goal.id) }
            return (goal, session.executive)
        }
        return .created(.init(body: .json(Self.goal(of: goal, executive))))
    }

    func updateStep(_ input: Operations.UpdateStep.Input) async throws -> Operations.UpdateStep.Output {
        let p = input.path
        let namespace = try Self.namespace(user: p.user, agent: p.agent, session: p.session)
        guard case .json(let body) = input.body else { throw APIError.badRequest("the body must be JSON") }
        let status = PlanStep.Status(rawValue: body.status.rawValue) ?? .pending
        let step = try await cache.reading(namespace) { session in
            guard session.executive.goal(p.goal) != nil else { throw APIError.notFound("no goal \(p.goal) in this session") }
            guard session.executive.step(p.step)?.goalID == p.goal else {
                throw APIError.notFound("goal \(p.goal) has no step \(p.step); GET .../goals lists the steps with their ids")
            }
            return try session.updateStep(p.step, status, result: body.result)
        }
        return .ok(.init(body: .json(Self.step(step))))
    }

    static func goal(of goal: Goal, _ executive: Executive) -> Components.Schemas.Goal {
        .init(id: goal.id, parentId: goal.parentID, title: goal.text, status: .init(rawValue: goal.status.rawValue) ?? .open,
              created: goal.created, closed: goal.closed, result: goal.result, steps: executive.plan(of: goal.id).map(step))
    }

    static func step(_ s: PlanStep) -> Components.Schemas.Step {
        .init(id: s.id, goalId: s.goalID, position: s.position, text: s.text,
              status: .init(rawValue: s.status.rawValue) ?? .pending, result: s.result, updated: s.updated)
    }
}
