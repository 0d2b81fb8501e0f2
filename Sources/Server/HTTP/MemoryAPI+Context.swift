import Foundation
import OpenAPIRuntime
import WorkingMemory

extension MemoryAPI {
    /// The largest budget a context may ask for: far over any model's window; more is a mistake.
    static let maxBudget = 1_000_000

    func getContext(_ input: Operations.GetContext.Input) async throws -> Operations.GetContext.Output {
        let p = input.path
        let namespace = try Self.namespace(user: p.user, agent: p.agent, session: p.session)
        guard case .json(let body) = input.body else { throw APIError.badRequest("the body must be JSON") }
        let query = try Self.query(body.query)
        if body.budget <= 0 { throw APIError.badRequest("'budget' must be > 0 tokens (got \(body.budget))") }
        if body.budget > Self.maxBudget {
            throw APIError.badRequest("'budget' \(body.budget) is absurd; at most \(Self.maxBudget) tokens")
        }
        let at = body.at
        let context = try await cache.reading(namespace) { try $0.context(for: query, budget: body.budget, at: at) }
        return .ok(.init(body: .json(.init(
            messages: context.messages.map { .init(role: .init(rawValue: $0.role.rawValue) ?? .user, content: $0.content) },
            sections: context.sections.map { s in
                .init(kind: .init(rawValue: s.kind.rawValue) ?? .memories, title: s.kind.title, tokens: s.tokens,
                      lines: s.lines.map { .init(text: $0.text, itemId: $0.itemID, eventSeq: $0.eventSeq, role: $0.role.map(Self.role),
                                                 score: $0.score.flatMap { $0.isFinite ? $0 : nil }) })
            },
            tokens: context.tokens, budget: context.budget,
            leftOut: context.leftOut.map { .init(itemId: $0.itemID, score: $0.score.isFinite ? $0.score : 0, reason: $0.reason) }))))
    }

    func searchMemory(_ input: Operations.SearchMemory.Input) async throws -> Operations.SearchMemory.Output {
        let p = input.path
        let namespace = try Self.namespace(user: p.user, agent: p.agent, session: p.session)
        guard case .json(let body) = input.body else { throw APIError.badRequest("the body must be JSON") }
        let query = try Self.query(body.query)
        let limit = body.limit ?? 10
        if !(1...1000).contains(limit) { throw APIError.badRequest("'limit' must be in 1...1000 (got \(limit))") }
        let hits = try await cache.reading(namespace) { session in
            try session.recall(query, limit: limit).map { hit in (item: hit.item, strength: hit.strength, score: hit.hit.score, features: hit.hit.features) }
        }
        return .ok(.init(body: .json(.init(results: hits.map {
            .init(item: Self.item($0.item, strength: $0.strength), score: $0.score.isFinite ? $0.score : 0, features: Self.finite($0.features))
        }))))
    }

    static func query(_ text: String) throws -> String {
        if isBlank(text) { throw APIError.badRequest("'query' is empty; ask something") }
        if text.unicodeScalars.count > 100_000 { throw APIError.badRequest("'query' has more than 100000 characters") }
        return text
    }
}
