import Foundation

extension MemorySession {
    /// Receives one event: the input gate decides whether it becomes an item, the verbal buffer takes the turn,
    /// the sketchpad takes facts found in it, the forget sweep advances; all in one transaction, committed before
    /// this returns (an acknowledged event survives a killed process).
    /// - Parameter event: the event; its text must not be empty.
    /// - Returns: what the gates decided.
    /// - Throws: `MemoryError.invalidArgument` for an empty or huge text or a non-finite time (nothing stored),
    ///   `.storage` when the write fails (nothing stored, state unchanged).
    @discardableResult
    public func receive(_ event: MemoryEvent) throws -> Reception {
        try Self.validate(event)
        return try mutate {
            let (e, original) = try dated(event)
            var r = ingest(e, clampedFrom: original)
            r.clampedFrom = original
            return r
        }
    }

    /// Receives many events in one transaction (bulk ingestion, imports). Same gates as `receive`, per event.
    @discardableResult
    public func receive(contentsOf events: [MemoryEvent]) throws -> [Reception] {
        for e in events { try Self.validate(e) }
        return try mutate {
            let dated = try events.map { try self.dated($0) }
            return dated.map { e, original in
                var r = ingest(e, clampedFrom: original)
                r.clampedFrom = original
                return r
            }
        }
    }

    /// Checks an event's time against the wall clock (lock held, before anything changes): too far ahead is
    /// refused or clamped (`GateParameters.maxFutureSkewSeconds`, `futureEvents`).
    /// - Returns: the event to store and, when clamped, its original time.
    func dated(_ event: MemoryEvent) throws -> (MemoryEvent, Date?) {
        let wall = Date()
        let t = try checkedTime(event.time, wall: wall, what: "event")
        if t == event.time { return (event, nil) }
        var e = event
        e.time = t
        return (e, event.time)
    }

    /// `time` if it lies within the allowed skew ahead of `wall`; the wall clock's time when clamping.
    func checkedTime(_ time: Date, wall: Date, what: String) throws -> Date {
        let p = state.parameters
        let ahead = time.timeIntervalSince(wall)
        guard ahead > p.maxFutureSkewSeconds else { return time }
        switch p.futureEvents {
        case .clamp: return wall
        case .refuse:
            throw MemoryError.invalidArgument(String(format: "%@ time %@ lies %.1f days ahead of the wall clock (%@), more than the %.2f days allowed (GateParameters.maxFutureSkewSeconds); nothing was stored: check the time, or set futureEvents to clamp",
                                                     what, ISODate.string(time), ahead / 86_400, ISODate.string(wall), p.maxFutureSkewSeconds / 86_400))
        }
    }

    static let maxTextLength = 1_000_000

    static func validate(_ event: MemoryEvent) throws {
        if event.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw MemoryError.invalidArgument("event text is empty; nothing was stored")
        }
        if event.text.utf8.count > maxTextLength {
            throw MemoryError.invalidArgument("event text has \(event.text.utf8.count) bytes, more than \(maxTextLength); split it")
        }
        if !event.time.timeIntervalSince1970.isFinite {
            throw MemoryError.invalidArgument("event time is not a finite date")
        }
        try PromptText.checkNoNUL(event.text, "event text")
        if let speaker = event.speaker {
            try PromptText.checkField(speaker, "speaker name")
            if speaker.trimmingCharacters(in: .whitespaces).isEmpty { throw MemoryError.invalidArgument("speaker name is empty; leave it out instead") }
            if speaker.count > 200 { throw MemoryError.invalidArgument("speaker name has \(speaker.count) characters, more than 200") }
        }
        if let episode = event.episode { try PromptText.checkField(episode, "episode key") }
        for (k, v) in event.metadata { try PromptText.checkNoNUL(k + v, "metadata '\(k)'") }
    }

    /// The gates for one event; appends its changes to `state.pending`. Lock held.
    func ingest(_ event: MemoryEvent, clampedFrom: Date? = nil) -> Reception {
        let p = state.parameters
        let index = state.episodic.index
        // 1. Clock, turn, episode.
        let previous = state.counters.time
        state.counters.turn += 1
        state.counters.time = max(previous, event.time.timeIntervalSince1970)
        let seq = state.counters.nextEvent
        state.counters.nextEvent += 1
        let turn = state.counters.turn
        let now = state.now
        if let explicit = event.episode {
            state.counters.episode = explicit
        } else if previous != -Double.greatestFiniteMagnitude,
                  event.time.timeIntervalSince1970 - previous > p.episodeGapSeconds || turn - state.counters.episodeStartTurn > Int64(p.episodeMaxTurns) {
            state.counters.episodeNumber += 1
            state.counters.episode = "e\(state.counters.episodeNumber)"
            state.counters.episodeStartTurn = turn
        }
        state.pending.append(.event(seq: seq, event))
        if let clampedFrom {
            state.decide(.caller, .modified, event: seq, score: clampedFrom.timeIntervalSince(event.time) / 86_400,
                         note: "event time \(ISODate.string(clampedFrom)) lay further ahead of the wall clock than allowed: stored at \(ISODate.string(event.time))")
        }

        // 2. Input gate features: novelty against exact repeats, the verbal buffer and the nearest stored items.
        let terms = index.terms(event.text)
        let termSet = TermSet(terms)
        var bestSimilarity = 0.0
        var bestItem: Int64?
        var bestBuffered: Int64?
        if let id = state.episodic.exactRepeat(of: event.text) { bestSimilarity = 1; bestItem = id }
        if bestSimilarity < 1 {
            for t in state.buffer.turns {
                let sim = termSet.jaccard(state.bufferTerms[t.eventSeq] ?? TermSet([]))
                if sim > bestSimilarity { bestSimilarity = sim; bestItem = t.itemID; bestBuffered = t.eventSeq }
            }
            for (id, other) in state.recentItemTerms {
                let sim = termSet.jaccard(other)
                if sim > bestSimilarity { bestSimilarity = sim; bestItem = id; bestBuffered = nil }
            }
            if p.noveltyCandidates > 0, !termSet.isEmpty {
                for hit in index.search(event.text, date: nil, limit: p.noveltyCandidates, strength: { _ in 0 }) {
                    guard let other = state.episodic[hit.id] else { continue }
                    let sim = termSet.jaccard(TermSet(index.terms(other.text)))
                    if sim > bestSimilarity { bestSimilarity = sim; bestItem = hit.id; bestBuffered = nil }
                }
            }
        }
        let novelty = 1 - bestSimilarity
        // Only the user (or a named speaker) can ask to remember by words; an assistant saying "keep in mind" does not.
        let explicit = max(event.remember ? 1 : 0, event.role == .user ? Salience.explicitCue(event.text) : 0)
        let contentTerms = terms.filter { !$0.unicodeScalars.contains(where: EstimatedTokenCounter.isCJK) }.count
        let salience = Salience(text: event.text, contentTerms: contentTerms)
        let verdict = InputGate(parameters: p).evaluate(novelty: novelty, salience: salience.score, explicit: explicit, role: event.role)
        var features = verdict.features
        features["similarity"] = bestSimilarity
        features["content"] = salience.content
        features["number"] = salience.number
        features["names"] = salience.names
        features["keyword"] = salience.keyword
        features["filler"] = salience.filler
        let forget = ForgetGate(parameters: p)
        let tokens = counter.count(event.text)

        // 3. Admit, rehearse or reject.
        var outcome: GateDecision.Outcome
        var itemID: Int64?
        if bestSimilarity >= p.duplicateSimilarity, let id = bestItem, var old = state.episodic[id] {
            old = forget.refreshed(old, gain: p.rehearsalGain, turn: turn, time: now)
            if explicit > 0 { old.pinned = true }
            state.episodic.update(old)
            state.pending.append(.item(old))
            outcome = .rehearsed
            itemID = id
            state.decide(.input, .rehearsed, item: id, event: seq, score: verdict.value, features: features,
                         note: String(format: "repeat of item %lld (similarity %.2f): refreshed it, strength now %.3f", id, bestSimilarity, old.cell))
        } else if verdict.admitted {
            let id = state.counters.nextItem
            state.counters.nextItem += 1
            let item = MemoryItem(
                id: id, kind: .turn, role: event.role, text: event.text, speaker: event.speaker, time: event.time,
                eventSeq: seq, episode: state.counters.episode, tokens: tokens,
                cell: explicit > 0 ? max(1, verdict.value) : verdict.value, cellTurn: turn, cellTime: now,
                pinned: explicit > 0, status: .active, uses: 0, metadata: event.metadata)
            state.episodic.insert(item)
            state.pending.append(.item(item))
            state.recentItemTerms.append((id, termSet))
            if state.recentItemTerms.count > p.noveltyWindow { state.recentItemTerms.removeFirst(state.recentItemTerms.count - p.noveltyWindow) }
            outcome = .admitted
            itemID = id
            state.decide(.input, .admitted, item: id, event: seq, score: verdict.value, features: features,
                         note: explicit > 0 ? "explicit remember: admitted and pinned"
                             : String(format: "i = %.3f >= %.2f (novelty %.2f, salience %.2f)", verdict.value, p.admitThreshold, novelty, salience.score))
        } else {
            outcome = .rejected
            state.decide(.input, .rejected, event: seq, score: verdict.value, features: features,
                         note: String(format: "i = %.3f < %.2f (novelty %.2f, salience %.2f): kept in the event log and the verbal buffer only", verdict.value, p.admitThreshold, novelty, salience.score))
        }
        // A turn that refers back to a buffered one refreshes it (rehearsal in the phonological loop).
        if let b = bestBuffered, bestSimilarity >= 0.5, state.buffer.refresh(eventSeq: b, at: turn),
           let t = state.buffer.turns.first(where: { $0.eventSeq == b }) {
            state.pending.append(.buffer(t))
        }

        // 4. Verbal buffer.
        let buffered = BufferedTurn(eventSeq: seq, role: event.role, text: event.text, speaker: event.speaker,
                                    time: event.time, tokens: tokens, refreshedTurn: turn,
                                    itemID: outcome == .admitted ? itemID : nil)
        state.bufferTerms[seq] = termSet
        state.pending.append(.buffer(buffered))
        let evicted = state.buffer.append(buffered)
        for e in evicted {
            state.bufferTerms[e.eventSeq] = nil
            state.pending.append(.unbuffer(eventSeq: e.eventSeq))
            state.decide(.forget, .evicted, item: e.itemID, event: e.eventSeq, score: Double(e.tokens),
                         features: ["tokens": Double(e.tokens), "bufferBudget": Double(p.verbalBufferTokens),
                                    "lastRefreshedTurn": Double(e.refreshedTurn)],
                         note: "left the verbal buffer (budget \(p.verbalBufferTokens) tokens); \(e.itemID.map { "still in the episodic store as item \($0)" } ?? "not admitted, only in the event log")")
        }

        // 5. Sketchpad facts from the turn's words; a new value supersedes the old one.
        var slotChanges: [SlotVersion] = []
        if event.role == .user || event.speaker != nil {
            for (key, value) in extractor.facts(in: event.text, entity: event.speaker ?? "user", words: salience.words)
            where (try? Self.validate(key, value)) != nil {
                if let v = applySlot(.set, key, value, event: seq, source: "extracted") { slotChanges.append(v) }
            }
        }

        // 6. Amortised forget sweep: visit a chunk of items, mark those under the fade threshold.
        let faded = sweepForget(turn: turn, now: now)
        return Reception(eventSeq: seq, turn: turn, outcome: outcome, itemID: itemID, inputGate: verdict.value,
                         features: features, evicted: evicted.map(\.eventSeq), faded: faded, slotChanges: slotChanges)
    }

    /// Visits `sweepChunk` items from the sweep cursor; returns the items that faded. Lock held.
    func sweepForget(turn: Int64, now: Date) -> [Int64] {
        let order = state.episodic.order
        guard !order.isEmpty else { return [] }
        let p = state.parameters
        let forget = ForgetGate(parameters: p)
        var faded: [Int64] = []
        var cursor = state.counters.sweepCursor % order.count
        for _ in 0..<min(p.sweepChunk, order.count) {
            let id = order[cursor]
            cursor = (cursor + 1) % order.count
            // Read the plain cell first; copy the item only when it fades.
            guard let cell = state.episodic.cell(id), !cell.pinned,
                  forget.strength(of: cell, turn: turn, time: now.timeIntervalSince1970) < p.fadeThreshold,
                  var item = state.episodic[id], item.status == .active else { continue }
            let c = forget.strength(of: item, turn: turn, time: now)
            do {
                item.status = .faded
                state.episodic.update(item)
                state.pending.append(.item(item))
                faded.append(id)
                state.decide(.forget, .faded, item: id, score: c, features: forget.features(of: item, turn: turn, time: now),
                             note: String(format: "strength %.3f < fade threshold %.3f after %lld turns and %.1f days without use", c, p.fadeThreshold, turn - item.cellTurn, now.timeIntervalSince(item.cellTime) / 86_400))
            }
        }
        state.counters.sweepCursor = cursor
        return faded
    }
}
