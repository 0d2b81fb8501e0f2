import Foundation

extension MemoryStore {
    /// Writes the changes of one operation and the session's counters, and adds one to its version (inside a
    /// write transaction). Rows of the episodic store, the sketchpad and the executive carry the version that
    /// last wrote them (`changed`), and `sessions.reset` the last version that deleted such rows or changed the
    /// parameters: another writer's cached session reloads only what changed since its version
    /// (`MemoryStore.changes(session:since:)`).
    /// - Parameter version: the version this write makes (the stored one plus one).
    static func write(session: Int64, version: Int64, counters: SessionCounters, changes: [StoreChange], _ c: any StoreConnection) throws {
        let sql = StoreStatements.for(c.dialect)
        var resets = false
        for change in changes { resets = try apply(change, session: session, version: version, sql, c) || resets }
        if resets {
            try c.execute("UPDATE sessions SET counters = ?, version = version + 1, reset = version + 1 WHERE id = ?", [.text(json(counters)), .integer(session)])
        } else {
            try c.execute("UPDATE sessions SET counters = ?, version = version + 1 WHERE id = ?", [.text(json(counters)), .integer(session)])
        }
    }

    /// - Returns: whether the change deletes rows another writer's cache holds (a full reload then).
    private static func apply(_ change: StoreChange, session: Int64, version: Int64, _ sql: StoreStatements, _ c: any StoreConnection) throws -> Bool {
        let s = SQLValue.integer(session), v = SQLValue.integer(version)
        switch change {
        case .event(let seq, let e):
            try c.execute(sql.event, [s, .integer(seq), .text(e.role.rawValue), .text(e.text), .real(e.time.timeIntervalSince1970), SQLValue(e.speaker),
                                      .text(CompactJSON.encode(e.metadata)), .boolean(e.remember), SQLValue(e.episode)])
        case .item(let i):
            try c.execute(sql.item, [s, .integer(i.id), .text(i.kind.rawValue), .text(i.role.rawValue), .text(i.text), SQLValue(i.speaker),
                                     .real(i.time.timeIntervalSince1970), SQLValue(i.eventSeq), .text(i.episode), SQLValue(i.tokens), .real(i.cell),
                                     .integer(i.cellTurn), .real(i.cellTime.timeIntervalSince1970), .boolean(i.pinned), .text(i.status.rawValue),
                                     SQLValue(i.uses), .text(CompactJSON.encode(i.metadata)), v])
        case .deleteItem(let id):
            try c.execute("DELETE FROM items WHERE session = ? AND id = ?", [s, .integer(id)])
            try c.execute("UPDATE buffer SET item_id = NULL WHERE session = ? AND item_id = ?", [s, .integer(id)])
            return true
        case .buffer(let t):
            try c.execute(sql.buffer, [s, .integer(t.eventSeq), .text(t.role.rawValue), .text(t.text), SQLValue(t.speaker), .real(t.time.timeIntervalSince1970),
                                       SQLValue(t.tokens), .integer(t.refreshedTurn), SQLValue(t.itemID)])
        case .unbuffer(let seq):
            try c.execute("DELETE FROM buffer WHERE session = ? AND event_seq = ?", [s, .integer(seq)])
        case .clearBuffer:
            try c.execute("DELETE FROM buffer WHERE session = ?", [s])
        case .decision(let d):
            try c.execute(sql.decision, [s, .integer(d.seq), .integer(d.turn), .real(d.time.timeIntervalSince1970), .text(d.gate.rawValue),
                                         .text(d.outcome.rawValue), SQLValue(d.itemID), SQLValue(d.eventSeq), .real(d.score.isFinite ? d.score : 0),
                                         .text(CompactJSON.encode(d.features)), .text(d.note)])
        case .redactDecision(let seq, let note):
            try c.execute("UPDATE decisions SET note = ? WHERE session = ? AND seq = ?", [.text(note), s, .integer(seq)])
        case .forgetEvent(let seq, let at):
            try c.execute("UPDATE events SET text = '', speaker = NULL, metadata = '{}', forgotten = ? WHERE session = ? AND seq = ?",
                          [.real(at.timeIntervalSince1970), s, .integer(seq)])
        case .deleteSlot(let version):
            try c.execute("DELETE FROM slots WHERE session = ? AND version = ?", [s, .integer(version)])
            return true
        case .parameters(let p):
            try c.execute("UPDATE sessions SET parameters = ? WHERE id = ?", [.text(json(p)), s])
            return true
        case .slot(let x):
            try c.execute(sql.slot, [s, .integer(x.version), .text(x.key.entity), .text(x.key.attribute), SQLValue(x.value.map { json($0) }),
                                     .text(x.operation.rawValue), .real(x.validFrom.timeIntervalSince1970), SQLValue(x.validTo),
                                     .integer(x.setTurn), SQLValue(x.setEvent), SQLValue(x.supersededTurn), SQLValue(x.supersededEvent),
                                     .text(x.source), v])
        case .goal(let g):
            try c.execute(sql.goal, [s, .integer(g.id), SQLValue(g.parentID), .text(g.text), .text(g.status.rawValue),
                                     .real(g.created.timeIntervalSince1970), SQLValue(g.closed), SQLValue(g.result), v])
        case .step(let p):
            try c.execute(sql.step, [s, .integer(p.id), .integer(p.goalID), SQLValue(p.position), .text(p.text), .text(p.status.rawValue),
                                     SQLValue(p.result), .real(p.updated.timeIntervalSince1970), v])
        case .deleteGoal(let id):
            try c.execute("DELETE FROM goals WHERE session = ? AND id = ?", [s, .integer(id)])
            return true
        case .deleteStep(let id):
            try c.execute("DELETE FROM steps WHERE session = ? AND id = ?", [s, .integer(id)])
            return true
        case .clearExecutive:
            try c.execute("DELETE FROM goals WHERE session = ?", [s])
            try c.execute("DELETE FROM steps WHERE session = ?", [s])
            return true
        case .clearAll:
            for table in ["events", "items", "buffer", "decisions", "slots", "goals", "steps"] {
                try c.execute("DELETE FROM \(table) WHERE session = ?", [s])
            }
            return true
        }
        return false
    }
}
