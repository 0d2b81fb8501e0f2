/// One part of an assembled context.
public struct ContextSection: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case goals, facts, memories, recentTurns

        /// The heading shown to the model.
        public var title: String {
            switch self {
            case .goals: return "Goals and plan"
            case .facts: return "Known facts"
            case .memories: return "Relevant memories"
            case .recentTurns: return "Recent turns"
            }
        }
    }

    /// One line of a section and where it came from.
    public struct Line: Sendable, Codable, Equatable {
        public var text: String
        public var itemID: Int64?
        public var eventSeq: Int64?
        public var role: MemoryEvent.Role?
        /// Output-gate score for memories.
        public var score: Double?
        /// For a memory, its day (`YYYY-MM-DD`, the date its text starts with): the prompt shows the memories of
        /// one day under one heading instead of dating every line.
        public var day: String? = nil
    }

    public var kind: Kind
    public var lines: [Line]
    /// Tokens the section's lines cost (by the session's counter).
    public var tokens: Int
}
