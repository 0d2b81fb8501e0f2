/// What `MemorySession.context(for:budget:)` returns: the context as sections (for people and tools) and as chat
/// messages ready for an LLM. `tokens`, counted on `messages` with the session's counter, never exceeds `budget`.
public struct AssembledContext: Sendable, Codable, Equatable {
    public var query: String
    public var budget: Int
    /// Tokens of `messages` (contents plus the per-message overhead).
    public var tokens: Int
    /// Goals and plan, known facts, relevant memories, recent turns (empty ones included, with no lines).
    public var sections: [ContextSection]
    /// A system message with goals, facts and memories; the recent turns as user/assistant messages; the query last.
    public var messages: [ChatMessage]
    /// Memories the output gate considered and left out, with why (over the budget, redundant, faded, ...):
    /// the same decisions the trace records for this context.
    public var leftOut: [LeftOutMemory] = []

    /// A section by kind.
    public func section(_ kind: ContextSection.Kind) -> ContextSection {
        sections.first { $0.kind == kind } ?? ContextSection(kind: kind, lines: [], tokens: 0)
    }

    /// Ids of the memory items in the context.
    public var itemIDs: [Int64] { sections.flatMap { $0.lines.compactMap(\.itemID) } }

    /// The messages as plain text, one block per message (`[role] content`).
    public var transcript: String {
        messages.map { "[\($0.role.rawValue)] \($0.content)" }.joined(separator: "\n")
    }
}
