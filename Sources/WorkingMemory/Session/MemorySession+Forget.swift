import Foundation

extension MemorySession {
    /// Forgets: removes a text from every place it lived, in one transaction, and erases it from the database
    /// files. The one deletion operation of the library; the CLI (`wm forget`), `delete(_:)` and the servers
    /// call it.
    ///
    /// Where the text goes:
    /// - items made of it are deleted (and leave the search index, rebuilt without their words, the exact-repeat
///   table, the novelty window);
    /// - the events that carried it stay as tombstones: sequence number, role and time, and the time they were
    ///   forgotten; text, speaker and metadata emptied (so the turn count and every event number stay true);
    /// - their turns leave the verbal buffer;
    /// - sketchpad facts extracted from it lose their value (the versions stay, source `forgotten`); a key whose
    ///   every version came from forgotten text is removed with its history;
    /// - trace notes that name a forgotten item or event, or quote the forgotten words or facts (query texts
    ///   included), are replaced by "forgotten at …".
    ///
    /// After the commit the write-ahead log is checkpointed and truncated; with `secure_delete` on, the freed
    /// bytes are zeros (`ForgetReport.erasedFromFiles`).
    /// - Parameters:
    ///   - selection: what to forget.
    ///   - limit: refuse (and change nothing) when more than this many items or events match; a caller asks its
    ///     user to confirm a broad match, then calls again without a limit.
    ///   - dryRun: change nothing; the report says what would be removed.
    /// - Returns: exactly what was removed.
    /// - Throws: `.notFound` for an unknown item or event id (nothing forgotten), `.invalidArgument` for a match
    ///   without words, a bad time range or more matches than `limit`; `.storage`.
    @discardableResult
    public func forget(_ selection: ForgetSelection, atMost limit: Int? = nil, dryRun: Bool = false) throws -> ForgetReport {
        let phrase = try Self.phrase(of: selection)
        if case .between(let a, let b) = selection {
            let (x, y) = (a.timeIntervalSince1970, b.timeIntervalSince1970)
            if !x.isFinite || !y.isFinite || x > y { throw MemoryError.invalidArgument("time range \(ISODate.string(a)) ... \(ISODate.string(b)) is empty or not finite; give from <= to") }
        }
        if dryRun {
            try refreshIfChanged()
            return try lock.withLock {
                try store.reading(namespace.tenant, "plan forget") { c in
                    let plan = try plan(selection, phrase: phrase, c)
                    var report = plan.report
                    if plan.everything == nil { report.factVersions = plan.facts.map(\.version) }
                    report.dryRun = true
                    return report
                }
            }
        }
        var report = try mutate(database: { c -> ForgetReport in
            let plan = try plan(selection, phrase: phrase, c)
            if let limit, plan.exceeds(limit) {
                throw MemoryError.invalidArgument("that matches \(plan.counted), more than \(limit); confirm to forget them all (nothing was forgotten)")
            }
            if case .everything = selection {
                clearEverything()
                return plan.report
            }
            return try applyForget(plan, c)
        })
        if !report.isEmpty {
            report.erasedFromFiles = store.eraseFreedBytes()
            // Removal leaves a term in the index's vocabulary (at document frequency 0): rebuild the in-memory
            // state from what is stored, so no forgotten word stays in the process's index either.
            try lock.withLock { state = Self.state(from: try store.load(session: state.row, tenant: namespace.tenant), row: state.row, index: makeIndex()) }
        }
        return report
    }

    /// The words of a `.matching` selection.
    static func phrase(of selection: ForgetSelection) throws -> WordPhrase? {
        guard case .matching(let words) = selection else { return nil }
        guard let phrase = WordPhrase(words) else {
            throw MemoryError.invalidArgument("'\(words)' holds no word to match; give words, e.g. \"gate code\"")
        }
        return phrase
    }

    /// What a forget takes: items and events, closed over their links; for a match, also the goals, plan steps
    /// and facts whose text holds the words. Lock held, inside a transaction.
    struct ForgetPlan {
        var items: Set<Int64> = []
        var events: Set<Int64> = []
        var goals: Set<Int64> = []
        var steps: Set<Int64> = []
        /// Sketchpad versions that lose their value: extracted from a forgotten event, or holding the words.
        var facts: [SlotVersion] = []
        var phrase: WordPhrase?
        var everything: ForgetReport?

        var report: ForgetReport {
            if let everything { return everything }
            var r = ForgetReport()
            r.items = items.sorted()
            r.events = events.sorted()
            r.goals = goals.sorted()
            r.steps = steps.sorted()
            return r
        }

        /// Whether more than `limit` of any one kind would be forgotten (a broad match the user confirms).
        func exceeds(_ limit: Int) -> Bool {
            [items.count, events.count, goals.count + steps.count, facts.count].contains { $0 > limit }
        }

        /// "2 items, 2 events, 1 goal, 0 plan steps and 1 fact value".
        var counted: String {
            func n(_ k: Int, _ one: String) -> String { "\(k) \(one)\(k == 1 ? "" : "s")" }
            return "\(n(items.count, "item")), \(n(events.count, "event")), \(n(goals.count, "goal")), "
                + "\(n(steps.count, "plan step")) and \(n(facts.count, "fact value"))"
        }
    }

    func plan(_ selection: ForgetSelection, phrase: WordPhrase?, _ c: any StoreConnection) throws -> ForgetPlan {
        let live = try MemoryStore.liveEvents(session: state.row, c)
        var plan = ForgetPlan(phrase: phrase)
        switch selection {
        case .items(let ids):
            let unknown = Set(ids).filter { state.episodic[$0] == nil }.sorted()
            if !unknown.isEmpty {
                throw MemoryError.notFound("item \(unknown.map(String.init).joined(separator: ", ")) in session \(namespace); nothing was forgotten")
            }
            plan.items = Set(ids)
        case .events(let seqs):
            let unknown = Set(seqs).subtracting(live.map(\.seq)).sorted()
            if !unknown.isEmpty {
                throw MemoryError.notFound("event \(unknown.map(String.init).joined(separator: ", ")) in session \(namespace) (never received or already forgotten); nothing was forgotten")
            }
            plan.events = Set(seqs)
        case .matching:
            guard let phrase else { break }
            plan.items = Set(state.episodic.items.values.filter { phrase.matches($0.text) }.map(\.id))
            plan.events = Set(live.filter { phrase.matches($0.text) }.map(\.seq))
        case .between(let a, let b):
            let range = a.timeIntervalSince1970...b.timeIntervalSince1970
            plan.items = Set(state.episodic.items.values.filter { range.contains($0.time.timeIntervalSince1970) }.map(\.id))
            plan.events = Set(live.filter { range.contains($0.time) }.map(\.seq))
        case .everything:
            var r = ForgetReport()
            r.items = state.episodic.order.sorted()
            r.events = live.map(\.seq)
            r.goals = state.executive.goals.map(\.id).sorted()
            r.steps = state.executive.steps.map(\.id).sorted()
            r.bufferedTurns = state.buffer.turns.count
            r.factVersions = state.sketchpad.versions.map(\.version)
            r.decisionNotes = try c.value("SELECT COUNT(*) FROM decisions WHERE session = ?", [.integer(state.row)]).flatMap(Int.from) ?? 0
            plan.everything = r
            return plan
        }
        // An event takes the item made of it; an item takes its event and the events that repeated it.
        for seq in plan.events { if let id = state.episodic.item(ofEvent: seq), state.episodic[id] != nil { plan.items.insert(id) } }
        for id in plan.items { if let e = state.episodic[id]?.eventSeq { plan.events.insert(e) } }
        plan.events.formUnion(try MemoryStore.rehearsals(of: plan.items, session: state.row, c))
        plan.events.formIntersection(live.map(\.seq))
        if let phrase { (plan.goals, plan.steps) = executiveTexts(holding: phrase) }
        plan.facts = state.sketchpad.versions.filter { v in
            guard v.source != SlotVersion.forgottenSource else { return false }
            if let e = v.setEvent, plan.events.contains(e) { return true }
            guard let p = plan.phrase else { return false }
            return p.matches(v.key.entity) || p.matches(v.key.attribute) || (v.value.map { p.matches($0.description) } ?? false)
        }
        return plan
    }

    /// Goals whose text or result holds the words (they go with their whole plan), and plan steps of other
    /// goals whose text or result holds them.
    func executiveTexts(holding phrase: WordPhrase) -> (goals: Set<Int64>, steps: Set<Int64>) {
        func holds(_ texts: String?...) -> Bool { texts.contains { text in text.map { phrase.matches($0) } ?? false } }
        let goals = Set(state.executive.goals.filter { holds($0.text, $0.result) }.map(\.id))
        let steps = Set(state.executive.steps.filter { goals.contains($0.goalID) || holds($0.text, $0.result) }.map(\.id))
        return (goals, steps)
    }

    /// Removes what the plan names; lock held, inside the transaction. Appends the changes to `state.pending`.
    func applyForget(_ plan: ForgetPlan, _ c: any StoreConnection) throws -> ForgetReport {
        var report = plan.report
        let forgottenAt = Date()  // wall clock: when the caller asked, not the session's event time
        for id in report.items {
            state.episodic.remove(id)
            state.pending.append(.deleteItem(id))
        }
        state.recentItemTerms.removeAll { plan.items.contains($0.id) }
        for seq in report.events { state.pending.append(.forgetEvent(seq: seq, at: forgottenAt)) }
        for t in state.buffer.remove(events: plan.events) {
            state.bufferTerms[t.eventSeq] = nil
            state.pending.append(.unbuffer(eventSeq: t.eventSeq))
            report.bufferedTurns += 1
        }

        // Goals and steps holding the words leave the executive; a sub-goal of a forgotten goal stays, on its own.
        for id in report.steps {
            state.executive.removeStep(id)
            state.pending.append(.deleteStep(id))
        }
        for id in report.goals {
            for var child in state.executive.goals where child.parentID == id && !plan.goals.contains(child.id) {
                child.parentID = nil
                state.executive.upsert(child)
                state.pending.append(.goal(child))
            }
            state.executive.removeGoal(id)
            state.pending.append(.deleteGoal(id))
        }

        // Facts extracted from forgotten events (or, for a match, holding the words) lose their value.
        var secrets: [WordPhrase] = plan.phrase.map { [$0] } ?? []
        let derived = plan.facts
        for v in derived {
            if let value = v.value, let p = WordPhrase(value.description) { secrets.append(p) }
            if let r = state.sketchpad.redact(version: v.version) {
                state.pending.append(.slot(r))
                report.factVersions.append(r.version)
            }
        }
        for key in Set(derived.map(\.key)) where state.sketchpad.history(key).allSatisfy({ $0.source == SlotVersion.forgottenSource }) {
            if let p = WordPhrase(key.attribute) { secrets.append(p) }
            for v in state.sketchpad.remove(key: key) { state.pending.append(.deleteSlot(version: v.version)) }
        }
        // An item that stated an older value of such a fact carries the newer value in its label.
        for id in state.episodic.order {
            guard var item = state.episodic[id], let label = item.metadata["superseded"] else { continue }
            let words = WordPhrase.analyzer.terms(label)
            if secrets.contains(where: { $0.matches(words: words) }) {
                item.metadata["superseded"] = nil
                state.episodic.update(item)
                state.pending.append(.item(item))
            }
        }

        // Trace notes about a forgotten item or event, or quoting forgotten words (query texts too).
        let note = "forgotten at \(ISODate.string(forgottenAt))"
        for d in try MemoryStore.decisionNotes(session: state.row, c) {
            let linked = (d.item.map(plan.items.contains) ?? false) || (d.event.map(plan.events.contains) ?? false)
            if linked || (!secrets.isEmpty && secrets.contains(where: { $0.matches(words: WordPhrase.analyzer.terms(d.note)) })) {
                state.pending.append(.redactDecision(seq: d.seq, note: note))
                report.decisionNotes += 1
            }
        }
        // The forgetting itself is recorded, without any of the text.
        for id in report.items { state.decide(.caller, .deleted, item: id, score: 0, note: "forgotten by the caller") }
        for seq in report.events {
            state.decide(.caller, .deleted, event: seq, score: 0, note: "event text forgotten by the caller (tombstone kept)")
        }
        return report
    }

    /// Deletes every row of the session and resets its counters; lock held.
    func clearEverything() {
        state.episodic.removeAll()
        state.buffer.removeAll()
        state.bufferTerms.removeAll()
        state.recentItemTerms.removeAll()
        state.executive.removeAll()
        state.sketchpad.removeAll()
        state.counters = SessionCounters()
        state.pending.append(.clearAll)
    }
}
