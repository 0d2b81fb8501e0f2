import Foundation
import OpenAPIRuntime
import WorkingMemory

extension MemoryAPI {
    func listSessions(_ input: Operations.ListSessions.Input) async throws -> Operations.ListSessions.Output {
        let tenant = try RequestScope.requireTenant()
        let store = cache.store
        let namespaces = try await cache.run { try store.namespaces(tenant: tenant) }
        return .ok(.init(body: .json(.init(sessions: namespaces.map { .init(user: $0.user, agent: $0.agent, session: $0.session) }))))
    }

    func putSession(_ input: Operations.PutSession.Input) async throws -> Operations.PutSession.Output {
        let p = input.path
        let namespace = try Self.namespace(user: p.user, agent: p.agent, session: p.session)
        var parameters: GateParameters?
        if case .json(let body)? = input.body, let given = body.parameters { parameters = try Self.gateParameters(given) }
        let created = try await cache.open(namespace, parameters: parameters)
        let summary = try await cache.reading(namespace) { try Self.summary(of: $0) }
        return created ? .created(.init(body: .json(summary))) : .ok(.init(body: .json(summary)))
    }

    func getSession(_ input: Operations.GetSession.Input) async throws -> Operations.GetSession.Output {
        let p = input.path
        let namespace = try Self.namespace(user: p.user, agent: p.agent, session: p.session)
        return .ok(.init(body: .json(try await cache.reading(namespace) { try Self.summary(of: $0) })))
    }

    func deleteSession(_ input: Operations.DeleteSession.Input) async throws -> Operations.DeleteSession.Output {
        let p = input.path
        let namespace = try Self.namespace(user: p.user, agent: p.agent, session: p.session)
        let scope: ClearScope = input.query.scope == .everything ? .everything : .workingState
        try await cache.reading(namespace) { try $0.clear(scope) }
        if scope == .everything { await cache.evict(namespace) }
        return .noContent(.init())
    }

    /// Given parameters over the defaults, checked (a bad value is a 400 naming it).
    static func gateParameters(_ given: Components.Schemas.GateParameters) throws -> GateParameters {
        let parameters = try JSONDecoder().decode(GateParameters.self, from: try JSONEncoder().encode(given))
        do { try parameters.validate() } catch let error as MemoryError { throw APIError(error) }
        // The contract's ranges beyond the engine's own checks (sizes that would make a request huge).
        let limits: [(String, Int, ClosedRange<Int>)] = [
            ("noveltyCandidates", parameters.noveltyCandidates, 0...1000), ("noveltyWindow", parameters.noveltyWindow, 0...10000),
            ("sweepChunk", parameters.sweepChunk, 1...100_000), ("candidateLimit", parameters.candidateLimit, 1...10000),
            ("verbalBufferTokens", parameters.verbalBufferTokens, 0...1_000_000), ("episodeMaxTurns", parameters.episodeMaxTurns, 1...1_000_000_000),
            ("messageOverheadTokens", parameters.messageOverheadTokens, 0...1000),
        ]
        for (name, value, range) in limits where !range.contains(value) {
            throw APIError.badRequest("gate parameter \(name) must be in \(range.lowerBound)...\(range.upperBound) (got \(value))")
        }
        return parameters
    }

    static func summary(of session: MemorySession) throws -> Components.Schemas.SessionSummary {
        let items = session.items
        let executive = session.executive
        let ns = session.namespace
        let parameters = try JSONDecoder().decode(Components.Schemas.GateParameters.self, from: try JSONEncoder().encode(session.parameters))
        return .init(
            user: ns.user, agent: ns.agent, session: ns.session, turn: session.turn, events: session.turn,
            items: items.count, activeItems: items.filter { $0.status == .active }.count,
            pinnedItems: items.filter(\.pinned).count, bufferedTurns: session.verbalBuffer.turns.count,
            facts: session.sketchpad.slots.count,
            openGoals: executive.openGoals.map { goal(of: $0, executive) }, parameters: parameters)
    }
}
