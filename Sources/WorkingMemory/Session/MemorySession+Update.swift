import Foundation

extension MemorySession {
    /// Adds a note to the episodic store directly (no input gate: the caller decided). - Returns: the item.
    /// - Parameters:
    ///   - text: the note; must not be empty.
    ///   - pinned: pinned items never fade.
    ///   - speaker: who it is about or from.
    ///   - time: when it happened (default: the session clock).
    @discardableResult
    public func add(_ text: String, pinned: Bool = false, speaker: String? = nil, time: Date? = nil,
                    metadata: [String: String] = [:]) throws -> MemoryItem {
        try Self.validate(MemoryEvent(.user, text, time: time ?? Date(), speaker: speaker))
        return try mutate {
            let time = try time.map { try checkedTime($0, wall: Date(), what: "note") }
            let id = state.counters.nextItem
            state.counters.nextItem += 1
            let item = MemoryItem(id: id, kind: .note, role: .user, text: text, speaker: speaker, time: time ?? state.now,
                                  eventSeq: nil, episode: state.counters.episode, tokens: counter.count(text), cell: 1,
                                  cellTurn: state.counters.turn, cellTime: state.now, pinned: pinned, status: .active,
                                  uses: 0, metadata: metadata)
            state.episodic.insert(item)
            state.pending.append(.item(item))
            state.decide(.caller, .added, item: id, score: 1, features: ["pinned": pinned ? 1 : 0], note: "added by the caller")
            return item
        }
    }

    /// Changes an item's text (the old text is kept in the trace). - Throws: `.notFound` for an unknown id.
    @discardableResult
    public func modify(_ id: Int64, text: String) throws -> MemoryItem {
        try Self.validate(MemoryEvent(.user, text))
        return try mutate {
            guard var item = state.episodic[id] else { throw MemoryError.notFound("item \(id) in session \(namespace)") }
            let old = item.text
            item.text = text
            item.tokens = counter.count(text)
            state.episodic.update(item)
            state.pending.append(.item(item))
            state.decide(.caller, .modified, item: id, score: 0, note: "text changed by the caller; was: \(old)")
            return item
        }
    }

    /// Deletes an item: forgets it with its event and everything derived from it (`forget(.items([id]))`).
    /// The trace keeps a decision saying it was deleted, without its text.
    /// - Throws: `.notFound` for an unknown id.
    @discardableResult
    public func delete(_ id: Int64) throws -> ForgetReport { try forget(.items([id])) }

    /// Pins (never fades) or unpins an item.
    public func pin(_ id: Int64, _ pinned: Bool = true) throws {
        try mutate {
            guard var item = state.episodic[id] else { throw MemoryError.notFound("item \(id) in session \(namespace)") }
            let forget = ForgetGate(parameters: state.parameters)
            item.cell = forget.strength(of: item, turn: state.counters.turn, time: state.now)
            item.cellTurn = state.counters.turn
            item.cellTime = state.now
            item.pinned = pinned
            if pinned { item.status = .active }
            state.episodic.update(item)
            state.pending.append(.item(item))
            state.decide(.caller, pinned ? .pinned : .unpinned, item: id, score: item.cell, note: pinned ? "pinned by the caller" : "unpinned by the caller")
        }
    }

    /// Resets the working state or deletes everything of the session (see `ClearScope`); `.everything` also
    /// erases the deleted bytes from the database files, like `forget(.everything)`.
    public func clear(_ scope: ClearScope) throws {
        defer { if case .everything = scope { _ = store.eraseFreedBytes() } }
        try mutate {
            switch scope {
            case .workingState:
                state.buffer.removeAll()
                state.bufferTerms.removeAll()
                state.executive.removeAll()
                state.pending.append(.clearBuffer)
                state.pending.append(.clearExecutive)
                state.decide(.caller, .cleared, score: 0, note: "working state cleared (verbal buffer, goals, plan)")
            case .everything:
                clearEverything()
            }
        }
    }
}
