/// The phonological loop (Baddeley 2000): the latest turns kept verbatim within a token budget. When the budget
/// is exceeded the turn refreshed longest ago leaves first; a turn referenced again is refreshed and stays.
public struct VerbalBuffer: Sendable, Equatable {
    /// Turns in the order they happened.
    public private(set) var turns: [BufferedTurn] = []
    /// Token budget of the buffer; the newest turn always stays even if it alone is larger.
    public var budget: Int

    public init(budget: Int) { self.budget = budget }

    /// Tokens held now.
    public var tokens: Int { turns.reduce(0) { $0 + $1.tokens } }

    /// Appends a turn and evicts the least recently refreshed turns until the buffer fits its budget.
    /// - Returns: the evicted turns.
    @discardableResult
    public mutating func append(_ turn: BufferedTurn) -> [BufferedTurn] {
        turns.append(turn)
        var evicted: [BufferedTurn] = []
        var total = tokens
        while total > budget, turns.count > 1 {
            // Oldest refresh first; ties go to the older turn. The newest turn is never evicted.
            let candidates = turns.indices.dropLast()
            guard let victim = candidates.min(by: {
                (turns[$0].refreshedTurn, turns[$0].eventSeq) < (turns[$1].refreshedTurn, turns[$1].eventSeq)
            }) else { break }
            total -= turns[victim].tokens
            evicted.append(turns.remove(at: victim))
        }
        return evicted
    }

    /// Marks a buffered turn as referenced again at `turn`. - Returns: whether it was in the buffer.
    @discardableResult
    public mutating func refresh(eventSeq: Int64, at turn: Int64) -> Bool {
        guard let i = turns.firstIndex(where: { $0.eventSeq == eventSeq }) else { return false }
        turns[i].refreshedTurn = turn
        return true
    }

    /// Restores turns read from storage (already within budget when they were written).
    mutating func restore(_ stored: [BufferedTurn]) { turns = stored.sorted { $0.eventSeq < $1.eventSeq } }

    mutating func removeAll() { turns.removeAll() }
    mutating func remove(itemID: Int64) { turns.removeAll { $0.itemID == itemID } }
    /// Takes out the turns of these events (forgetting). - Returns: the turns taken out.
    mutating func remove(events: Set<Int64>) -> [BufferedTurn] {
        let gone = turns.filter { events.contains($0.eventSeq) }
        turns.removeAll { events.contains($0.eventSeq) }
        return gone
    }
}
