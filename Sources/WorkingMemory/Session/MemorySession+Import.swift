import Foundation

extension MemorySession {
    /// Bulk import: stores many memories as items in one transaction, without the input gate (the caller decided
    /// they are worth keeping: a migration from another memory, a document, a past conversation). Each gets
    /// strength 1 (`pinned` ones never fade), is indexed, and has an `added` decision in the trace. Nothing enters
    /// the verbal buffer and no event is logged; use `receive(contentsOf:)` to replay turns through the gates.
    /// - Parameter memories: the items' texts with time, speaker, metadata, episode; `remember` pins the item.
    /// - Returns: the new items, in order.
    /// - Throws: `.invalidArgument` for an empty text (nothing stored), `.storage`.
    @discardableResult
    public func importItems(_ memories: [MemoryEvent]) throws -> [MemoryItem] {
        for m in memories { try Self.validate(m) }
        return try mutate {
            var batch: [MemoryItem] = []
            batch.reserveCapacity(memories.count)
            let wall = Date()
            let dated = try memories.map { m in
                var m = m
                m.time = try checkedTime(m.time, wall: wall, what: "memory")
                return m
            }
            for m in dated {
                let id = state.counters.nextItem
                state.counters.nextItem += 1
                state.counters.time = max(state.counters.time, m.time.timeIntervalSince1970)
                let item = MemoryItem(id: id, kind: .note, role: m.role, text: m.text, speaker: m.speaker, time: m.time,
                                      eventSeq: nil, episode: m.episode ?? state.counters.episode, tokens: counter.count(m.text),
                                      cell: 1, cellTurn: state.counters.turn, cellTime: m.time, pinned: m.remember,
                                      status: .active, uses: 0, metadata: m.metadata)
                batch.append(item)
                state.pending.append(.item(item))
                state.decide(.caller, .added, item: id, score: 1, note: "imported by the caller")
            }
            state.episodic.insert(contentsOf: batch)
            return batch
        }
    }
}
