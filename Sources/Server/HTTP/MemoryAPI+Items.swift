import Foundation
import OpenAPIRuntime
import WorkingMemory

extension MemoryAPI {
    func listItems(_ input: Operations.ListItems.Input) async throws -> Operations.ListItems.Output {
        let p = input.path
        let namespace = try Self.namespace(user: p.user, agent: p.agent, session: p.session)
        let items = try await cache.reading(namespace) { session in
            session.items.map { Self.item($0, strength: session.strength(of: $0.id) ?? 0) }
        }
        return .ok(.init(body: .json(.init(items: items))))
    }

    func getItem(_ input: Operations.GetItem.Input) async throws -> Operations.GetItem.Output {
        let p = input.path
        let namespace = try Self.namespace(user: p.user, agent: p.agent, session: p.session)
        let item = try await cache.reading(namespace) { session in
            guard let item = session.item(p.item) else { throw Self.noItem(p.item) }
            return Self.item(item, strength: session.strength(of: item.id) ?? 0)
        }
        return .ok(.init(body: .json(item)))
    }

    func updateItem(_ input: Operations.UpdateItem.Input) async throws -> Operations.UpdateItem.Output {
        let p = input.path
        let namespace = try Self.namespace(user: p.user, agent: p.agent, session: p.session)
        guard case .json(let body) = input.body else { throw APIError.badRequest("the body must be JSON") }
        let item = try await cache.reading(namespace) { session in
            guard session.item(p.item) != nil else { throw Self.noItem(p.item) }
            try session.pin(p.item, body.pinned)
            guard let item = session.item(p.item) else { throw Self.noItem(p.item) }
            return Self.item(item, strength: session.strength(of: item.id) ?? 0)
        }
        return .ok(.init(body: .json(item)))
    }

    func deleteItem(_ input: Operations.DeleteItem.Input) async throws -> Operations.DeleteItem.Output {
        let p = input.path
        let namespace = try Self.namespace(user: p.user, agent: p.agent, session: p.session)
        try await cache.withSession(namespace, create: false) { session in
            guard let item = session.item(p.item) else { throw Self.noItem(p.item) }
            try session.delete(p.item)
            return ((), -1, -SessionCache.estimatedBytes(text: item.text))
        }
        return .noContent(.init())
    }

    func explainItem(_ input: Operations.ExplainItem.Input) async throws -> Operations.ExplainItem.Output {
        let p = input.path
        let namespace = try Self.namespace(user: p.user, agent: p.agent, session: p.session)
        let (explanation, strength) = try await cache.reading(namespace) { session in
            do { return (try session.explain(p.item), session.strength(of: p.item) ?? 0) } catch MemoryError.notFound { throw Self.noItem(p.item) }
        }
        return .ok(.init(body: .json(.init(
            item: explanation.item.map { Self.item($0, strength: strength) }, forget: Self.finite(explanation.forget),
            decisions: explanation.decisions.map(Self.decision)))))
    }

    static func noItem(_ id: Int64) -> APIError { .notFound("no item \(id) in this session; GET .../items lists them") }

    static func item(_ item: MemoryItem, strength: Double) -> Components.Schemas.Item {
        .init(id: item.id, kind: .init(rawValue: item.kind.rawValue) ?? .turn, role: role(item.role), text: item.text,
              speaker: item.speaker, time: item.time, eventSeq: item.eventSeq, episode: item.episode, tokens: item.tokens,
              strength: strength.isFinite ? strength : 0, pinned: item.pinned, status: .init(rawValue: item.status.rawValue) ?? .active,
              uses: item.uses, metadata: .init(additionalProperties: item.metadata))
    }

    static func decision(_ d: GateDecision) -> Components.Schemas.Decision {
        .init(seq: d.seq, turn: d.turn, time: d.time, gate: .init(rawValue: d.gate.rawValue) ?? .caller,
              outcome: .init(rawValue: d.outcome.rawValue) ?? .added, itemId: d.itemID, eventSeq: d.eventSeq,
              score: d.score.isFinite ? d.score : 0, features: finite(d.features), note: d.note)
    }
}
