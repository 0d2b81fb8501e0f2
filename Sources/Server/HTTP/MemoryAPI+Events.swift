import Foundation
import OpenAPIRuntime
import WorkingMemory

extension MemoryAPI {
    /// The most events one request may carry (one transaction).
    static let maxBatch = 10_000

    func appendEvents(_ input: Operations.AppendEvents.Input) async throws -> Operations.AppendEvents.Output {
        let p = input.path
        let namespace = try Self.namespace(user: p.user, agent: p.agent, session: p.session)
        guard case .json(let payload) = input.body else { throw APIError.badRequest("the body must be JSON") }
        let inputs: [Components.Schemas.EventInput]
        let batch: Bool
        switch payload {
        case .EventInput(let one): inputs = [one]; batch = false
        case .EventBatch(let many): inputs = many.events; batch = true
        }
        if inputs.isEmpty { throw APIError.badRequest("'events' is empty; send at least one event") }
        if inputs.count > Self.maxBatch {
            throw APIError.badRequest("'events' holds \(inputs.count) events, more than \(Self.maxBatch); split the batch")
        }
        // Everything is checked before the session is touched: a refused request stores nothing.
        let events = try inputs.enumerated().map { try Self.event($0.element, at: batch ? "events[\($0.offset)]." : "") }
        let bytes = events.reduce(0) { $0 + SessionCache.estimatedBytes(text: $1.text) }
        // A receive catches up with other writers inside its own transaction: no version check before it.
        let receptions = try await cache.withSession(namespace, create: true, catchUpFirst: false) { session in
            let receptions = try session.receive(contentsOf: events)
            return (receptions, receptions.filter { $0.outcome == .admitted }.count, bytes)
        }
        for r in receptions { metrics.recordEvent(outcome: r.outcome.rawValue) }
        return .created(.init(body: .json(.init(receptions: receptions.map(Self.reception)))))
    }

    func listEvents(_ input: Operations.ListEvents.Input) async throws -> Operations.ListEvents.Output {
        let p = input.path
        let namespace = try Self.namespace(user: p.user, agent: p.agent, session: p.session)
        let after = input.query.after ?? 0
        let limit = input.query.limit ?? 100
        if after < 0 { throw APIError.badRequest("'after' must be >= 0 (got \(after))") }
        if !(1...1000).contains(limit) { throw APIError.badRequest("'limit' must be in 1...1000 (got \(limit))") }
        let (page, more) = try await cache.reading(namespace) { session in
            let rest = try session.events().filter { $0.seq > after }
            return (Array(rest.prefix(limit)), rest.count > limit)
        }
        let events = page.map { e in
            Components.Schemas.Event(
                seq: e.seq, role: Self.role(e.event.role), text: e.event.text, time: e.event.time, speaker: e.event.speaker,
                episode: e.event.episode, metadata: e.event.metadata.isEmpty ? nil : .init(additionalProperties: e.event.metadata),
                pin: e.event.remember)
        }
        return .ok(.init(body: .json(.init(events: events, nextAfter: more ? page.last?.seq : nil))))
    }

    /// An event from its wire form; `at` names it in errors (`events[3].`).
    static func event(_ e: Components.Schemas.EventInput, at: String) throws -> MemoryEvent {
        if isBlank(e.text) {
            throw APIError.badRequest("'\(at)text' is empty; an event needs words")
        }
        if e.text.utf8.count > 1_000_000 {
            throw APIError.badRequest("'\(at)text' has \(e.text.utf8.count) bytes, more than 1000000; split it")
        }
        // RFC 3339 years run from 0000 to 9999; the engine needs a finite clock.
        if let time = e.time, !(-62_135_596_800...253_402_300_799).contains(time.timeIntervalSince1970) {
            throw APIError.badRequest("'\(at)time' is out of range (years 0001 to 9999)")
        }
        let role = MemoryEvent.Role(rawValue: e.role.rawValue) ?? .user
        return MemoryEvent(role, e.text, time: e.time ?? Date(), speaker: e.speaker,
                           metadata: e.metadata?.additionalProperties ?? [:], remember: e.pin ?? false, episode: e.episode)
    }

    static func role(_ role: MemoryEvent.Role) -> Components.Schemas.Role {
        Components.Schemas.Role(rawValue: role.rawValue)!
    }

    static func reception(_ r: Reception) -> Components.Schemas.Reception {
        .init(seq: r.eventSeq, turn: r.turn, outcome: .init(rawValue: r.outcome.rawValue) ?? .rejected,
              admitted: r.outcome == .admitted, itemId: r.outcome == .admitted ? r.itemID : nil,
              repeatOf: r.outcome == .rehearsed ? r.itemID : nil, inputGate: r.inputGate.isFinite ? r.inputGate : 0,
              features: finite(r.features), factsChanged: r.slotChanges.map(factVersion))
    }
}
