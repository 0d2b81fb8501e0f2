import Foundation
import OpenAPIRuntime
import WorkingMemory

extension MemoryAPI {
    func listFacts(_ input: Operations.ListFacts.Input) async throws -> Operations.ListFacts.Output {
        let p = input.path
        let namespace = try Self.namespace(user: p.user, agent: p.agent, session: p.session)
        let slots = try await cache.reading(namespace) { $0.sketchpad.slots }
        return .ok(.init(body: .json(.init(facts: slots.map {
            .init(entity: $0.key.entity, attribute: $0.key.attribute, value: Self.factValue($0.value))
        }))))
    }

    func putFact(_ input: Operations.PutFact.Input) async throws -> Operations.PutFact.Output {
        let p = input.path
        let namespace = try Self.namespace(user: p.user, agent: p.agent, session: p.session)
        let key = try Self.slotKey(p.entity, p.attribute)
        guard case .json(let body) = input.body else { throw APIError.badRequest("the body must be JSON") }
        let value = try Self.slotValue(body.value)
        let version = try await cache.reading(namespace) { session in
            try session.setSlot(key, to: value)
            guard let current = session.sketchpad.history(key).last else { throw APIError.notFound("fact \(key) was not stored") }
            return current
        }
        return .ok(.init(body: .json(Self.factVersion(version))))
    }

    func deleteFact(_ input: Operations.DeleteFact.Input) async throws -> Operations.DeleteFact.Output {
        let p = input.path
        let namespace = try Self.namespace(user: p.user, agent: p.agent, session: p.session)
        let key = try Self.slotKey(p.entity, p.attribute)
        try await cache.reading(namespace) { session in
            guard session.sketchpad.value(key) != nil else { throw Self.noFact(key) }
            try session.deleteSlot(key)
        }
        return .noContent(.init())
    }

    func getFactHistory(_ input: Operations.GetFactHistory.Input) async throws -> Operations.GetFactHistory.Output {
        let p = input.path
        let namespace = try Self.namespace(user: p.user, agent: p.agent, session: p.session)
        let key = try Self.slotKey(p.entity, p.attribute)
        let versions = try await cache.reading(namespace) { session in
            let history = session.sketchpad.history(key)
            if history.isEmpty { throw Self.noFact(key) }
            return history
        }
        return .ok(.init(body: .json(.init(versions: versions.map(Self.factVersion)))))
    }

    static func noFact(_ key: SlotKey) -> APIError { .notFound("no fact '\(key.attribute)' of '\(key.entity)' in this session") }

    static func slotKey(_ entity: String, _ attribute: String) throws -> SlotKey {
        try checkName("fact's entity", entity)
        try checkName("fact's attribute", attribute)
        return SlotKey(entity: entity, attribute: attribute)
    }

    static func slotValue(_ value: Components.Schemas.FactValue) throws -> SlotValue {
        switch value {
        case .case1(let text):
            if text.utf8.count > 100_000 { throw APIError.badRequest("'value' has more than 100000 bytes") }
            return .text(text)
        case .case2(let number):
            guard number.isFinite else { throw APIError.badRequest("'value' must be a finite number") }
            return .number(number)
        case .case3(let list):
            if list.reduce(0, { $0 + $1.utf8.count }) > 100_000 { throw APIError.badRequest("'value' has more than 100000 bytes") }
            return .list(list)
        }
    }

    static func factValue(_ value: SlotValue) -> Components.Schemas.FactValue {
        switch value {
        case .text(let text): return .case1(text)
        case .number(let number): return .case2(number)
        case .list(let list): return .case3(list)
        }
    }

    static func factVersion(_ v: SlotVersion) -> Components.Schemas.FactVersion {
        .init(version: v.version, entity: v.key.entity, attribute: v.key.attribute, value: v.value.map(factValue),
              operation: .init(rawValue: v.operation.rawValue) ?? .set, validFrom: v.validFrom, validTo: v.validTo,
              setTurn: v.setTurn, setEvent: v.setEvent, supersededTurn: v.supersededTurn, supersededEvent: v.supersededEvent,
              source: v.source)
    }
}
