extension SessionState {
    /// Applies what other writers committed (`SessionDelta`): the state then equals a fresh load of the
    /// session, at the cost of the rows that changed.
    mutating func apply(_ delta: SessionDelta) {
        let index = episodic.index
        version = delta.version
        counters = delta.counters
        var added: [MemoryItem] = []
        for item in delta.items {
            if episodic[item.id] != nil { episodic.update(item) } else { added.append(item) }
        }
        episodic.insert(contentsOf: added.sorted { $0.id < $1.id })
        buffer.restore(delta.buffer)
        var terms: [Int64: TermSet] = [:]
        for t in buffer.turns { terms[t.eventSeq] = bufferTerms[t.eventSeq] ?? TermSet(index.terms(t.text)) }
        bufferTerms = terms
        if !added.isEmpty {
            let known = Dictionary(recentItemTerms.map { ($0.id, $0.terms) }, uniquingKeysWith: { a, _ in a })
            var turns: [MemoryItem] = []
            for id in episodic.order.reversed() where turns.count < parameters.noveltyWindow {
                if let item = episodic[id], item.kind == .turn { turns.append(item) }
            }
            recentItemTerms = turns.reversed().map { ($0.id, known[$0.id] ?? TermSet(index.terms($0.text))) }
        }
        if !delta.slots.isEmpty {
            var all = Dictionary(sketchpad.versions.map { ($0.version, $0) }, uniquingKeysWith: { a, _ in a })
            for v in delta.slots { all[v.version] = v }
            sketchpad.restore(Array(all.values))
        }
        for g in delta.goals { executive.upsert(g) }
        for s in delta.steps { executive.upsert(s) }
    }
}
