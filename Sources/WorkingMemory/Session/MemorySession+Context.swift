import Foundation

extension MemorySession {
    /// Builds the context for a query within a token budget: goals and plan, sketchpad facts, memories chosen by
    /// the output gate from the retrieval ranking, and recent turns, as sections and as chat messages.
    /// Memories that reach the context are *used*: their strength is refreshed (`c ← f·c + useGain·(C − f·c)/C`, bounded by `strengthCeiling`). Every
    /// output-gate decision is recorded in the trace.
    /// - Parameters:
    ///   - query: the question or task; must not be empty.
    ///   - budget: the most tokens the messages may cost (by the session's counter), > 0.
    ///   - date: when the question is asked (time cues, recency); default: the session clock.
    /// - Throws: `.invalidArgument` for an empty query or a budget smaller than the query; `.storage`.
    public func context(for query: String, budget: Int, at date: Date? = nil) throws -> AssembledContext {
        if query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw MemoryError.invalidArgument("query is empty") }
        if budget <= 0 { throw MemoryError.invalidArgument("budget must be > 0 tokens (got \(budget))") }
        return try mutate { try assembleContext(query: query, budget: budget, date: date) }
    }

    /// Searches the episodic store without changing anything: items best first with the ranking's features.
    public func recall(_ query: String, limit: Int = 10, at date: Date? = nil) throws -> [(item: MemoryItem, strength: Double, hit: IndexHit)] {
        if query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw MemoryError.invalidArgument("query is empty") }
        if limit <= 0 { throw MemoryError.invalidArgument("limit must be > 0 (got \(limit))") }
        try refreshIfChanged()
        return read {
            let strength = lockedStrength()
            return state.episodic.index.search(query, date: date ?? state.now, limit: limit, strength: strength).compactMap { hit in
                state.episodic[hit.id].map { ($0, strength(hit.id), hit) }
            }
        }
    }

    /// The output gate's ranking of memories for a query (no budget, nothing recorded or refreshed): for
    /// evaluation and tuning of the gates.
    public func rankedMemories(for query: String, limit: Int, at date: Date? = nil) -> [Int64] {
        _ = try? refreshIfChanged()
        return read {
            let p = state.parameters
            let forget = ForgetGate(parameters: p)
            let turn = state.counters.turn, now = state.now
            let index = state.episodic.index
            let hits = index.search(query, date: date ?? now, limit: max(limit, p.candidateLimit), strength: lockedStrength())
            let ranked = OutputGate(parameters: p).rank(
                hits: hits, item: { self.state.episodic[$0] }, strength: { forget.strength(of: $0, turn: turn, time: now) },
                terms: { self.cachedTerms($0) }, excluded: []).ranked
            return ranked.prefix(limit).map(\.item.id)
        }
    }

    /// Lock held; appends decisions and strength refreshes to `state.pending`.
    func assembleContext(query: String, budget: Int, date: Date?) throws -> AssembledContext {
        let p = state.parameters
        let forget = ForgetGate(parameters: p)
        let turn = state.counters.turn, now = state.now
        let index = state.episodic.index
        let strengthOf: (MemoryItem) -> Double = { forget.strength(of: $0, turn: turn, time: now) }
        let queryTerms = Set(index.terms(query))

        // Goals and plan: the top of the stack first.
        var goalLines: [ContextSection.Line] = []
        for goal in state.executive.openGoals.reversed() {
            goalLines.append(.init(text: "- Goal: \(goal.text)"))
            for step in state.executive.plan(of: goal.id) {
                let result = step.result.map { " -> \($0)" } ?? ""
                goalLines.append(.init(text: "  \(step.position + 1). [\(step.status.rawValue)] \(step.text)\(result)"))
            }
        }
        // Facts: those sharing words with the query first, then the most recently changed.
        let slots = state.sketchpad.slots.map { slot -> (SlotKey, SlotValue, Int, Int64) in
            let overlap = Set(index.terms("\(slot.key.attribute) \(slot.value)")).intersection(queryTerms).count
            let version = state.sketchpad.history(slot.key).last?.version ?? 0
            return (slot.key, slot.value, overlap, version)
        }.sorted { ($0.2, $0.3) > ($1.2, $1.3) }
        let factLines = slots.map { ContextSection.Line(text: "- \($0.0): \($0.1)") }
        // Recent turns, newest first.
        let recent = state.buffer.turns.reversed().map { t in
            ContextSection.Line(text: Self.render(t.role, t.speaker, t.text), itemID: t.itemID, eventSeq: t.eventSeq, role: t.role)
        }
        // Memories: retrieval ranking, then the output gate.
        let hits = index.search(query, date: date ?? now, limit: p.candidateLimit, strength: lockedStrength())
        let gate = OutputGate(parameters: p)
        let (ranked, rejected) = gate.rank(hits: hits, item: { self.state.episodic[$0] }, strength: strengthOf,
                                           terms: { self.cachedTerms($0) }, excluded: [])
        let memoryLines = ranked.map { c in
            ContextSection.Line(text: "- [\(DayFormat.string(c.item.time))] " + Self.render(c.item.role, c.item.speaker, c.item.text)
                                    + (c.item.metadata["superseded"].map { " (outdated: \($0))" } ?? ""),
                                itemID: c.item.id, eventSeq: c.item.eventSeq, role: c.item.role, score: c.score,
                                day: DayFormat.string(c.item.time))
        }
        let assembler = ContextAssembler(counter: counter, overhead: p.messageOverheadTokens, shares: p.sectionShares,
                                         header: "Working memory of this conversation (\(namespace)). Use it when it helps; it may be incomplete.")
        var context = try assembler.assemble(query: query, budget: budget, candidates: [
            .goals: goalLines, .facts: factLines, .recentTurns: Array(recent), .memories: memoryLines,
        ])

        // Trace and use: selected memories are refreshed; the others are recorded as dropped with why.
        let chosen = Set(context.section(.memories).lines.compactMap(\.itemID))
        for c in ranked {
            if chosen.contains(c.item.id), let current = state.episodic[c.item.id] {
                let wasFaded = current.status == .faded
                let used = forget.refreshed(current, gain: p.useGain, turn: turn, time: now)
                state.episodic.update(used)
                state.pending.append(.item(used))
                state.decide(.output, .selected, item: c.item.id, score: c.score, features: c.features,
                             note: String(format: "in the context for \"%@\": relevance %.2f x strength %.3f -> score %.3f%@", Self.short(query), c.features["relevance"] ?? 0, c.features["strength"] ?? 0, c.score, wasFaded ? "; recollected a faded item" : ""))
                if wasFaded {
                    state.decide(.forget, .revived, item: c.item.id, score: used.cell, features: c.features, note: "faded item cued strongly by a query: active again")
                }
            } else {
                let shownAsTurn = context.section(.recentTurns).lines.contains { $0.itemID == c.item.id }
                state.decide(.output, shownAsTurn ? .selected : .dropped, item: c.item.id, score: c.score, features: c.features,
                             note: "\(shownAsTurn ? "in" : "left out of") the context for \"\(Self.short(query))\": \(shownAsTurn ? "shown among the recent turns" : "over the token budget")")
                if !shownAsTurn { context.leftOut.append(LeftOutMemory(itemID: c.item.id, score: c.score, reason: "over the token budget")) }
            }
        }
        for r in rejected {
            context.leftOut.append(LeftOutMemory(itemID: r.item.id, score: r.features["score"] ?? 0, reason: r.reason))
            state.decide(.output, .dropped, item: r.item.id, score: r.features["score"] ?? 0, features: r.features,
                         note: "left out of the context for \"\(Self.short(query))\": \(r.reason)")
        }
        return context
    }

    /// An item's current strength by id, for the index; to be called only while the lock is held.
    func lockedStrength() -> @Sendable (Int64) -> Double {
        // Called for every ranked candidate (thousands per query): capture the plain cell table and the
        // constants, not the session (no exclusivity checks, no item copies, one exp per call).
        let cells = state.episodic.cells
        let turn = state.counters.turn, now = state.now.timeIntervalSince1970
        let lnDecay = log(state.parameters.turnDecay), perSecond = M_LN2 / state.parameters.halfLifeDays / 86_400
        return { id in
            let i = Int(id)
            guard i >= 0, i < cells.count, let c = cells[i] else { return 0 }
            if c.pinned { return c.cell }
            return c.cell * exp(Double(max(0, turn - c.cellTurn)) * lnDecay - max(0, now - c.cellTime) * perSecond)
        }
    }

    /// An item's analysed terms, cached; lock held.
    func cachedTerms(_ item: MemoryItem) -> TermSet {
        if let t = state.episodic.termCache[item.id] { return t }
        let t = TermSet(state.episodic.index.terms(item.text))
        state.episodic.termCache[item.id] = t
        return t
    }

    static func render(_ role: MemoryEvent.Role, _ speaker: String?, _ text: String) -> String {
        if let speaker { return "\(speaker): \(text)" }
        switch role {
        case .user, .assistant: return text
        case .tool: return "[tool] \(text)"
        case .observation: return "[observation] \(text)"
        }
    }

    static func short(_ s: String) -> String { s.count <= 40 ? s : String(s.prefix(37)) + "..." }
}
