import Foundation
import GRDB

extension MemoryStore {
    /// Runs one write of a session in one IMMEDIATE transaction (GRDB's `write` begins IMMEDIATE: the write
    /// lock is taken first, so two writers never both read and then fight over the upgrade; the busy timeout
    /// lets the second wait). `body` reads what it needs and returns the changes to write with the counters.
    func transaction<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        let result = try guarded(what) { try writer.write(body) }
        checkpointer?.committed()
        return result
    }

    /// Runs a read of several statements in one snapshot.
    func reading<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        try guarded(what) { try writer.read(body) }
    }

    /// Writes the changes of one operation and the session's counters, and adds one to its version (inside
    /// `transaction`).
    static func write(session: Int64, counters: SessionCounters, changes: [StoreChange], _ db: Database) throws {
        for change in changes { try apply(change, session: session, db) }
        try db.cachedStatement(sql: "UPDATE sessions SET counters = ?, version = version + 1 WHERE id = ?").execute(arguments: [json(counters), session])
    }

    private static func apply(_ change: StoreChange, session s: Int64, _ db: Database) throws {
        switch change {
        case .event(let seq, let e):
            try db.cachedStatement(sql: "INSERT INTO events (session, seq, role, text, time, speaker, metadata, remember, episode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)").execute(arguments: [
                s, seq, e.role.rawValue, e.text, e.time.timeIntervalSince1970, e.speaker,
                CompactJSON.encode(e.metadata), e.remember, e.episode])
        case .item(let i):
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO items (session, id, kind, role, text, speaker, time, event_seq, episode, tokens, cell, cell_turn, cell_time, pinned, status, uses, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .execute(arguments: [
                    s, i.id, i.kind.rawValue, i.role.rawValue, i.text, i.speaker, i.time.timeIntervalSince1970,
                    i.eventSeq, i.episode, i.tokens, i.cell, i.cellTurn, i.cellTime.timeIntervalSince1970, i.pinned,
                    i.status.rawValue, i.uses, CompactJSON.encode(i.metadata)])
        case .deleteItem(let id):
            try db.execute(sql: "DELETE FROM items WHERE session = ? AND id = ?", arguments: [s, id])
            try db.execute(sql: "UPDATE buffer SET item_id = NULL WHERE session = ? AND item_id = ?", arguments: [s, id])
        case .buffer(let t):
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO buffer (session, event_seq, role, text, speaker, time, tokens, refreshed_turn, item_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)").execute(arguments: [
                s, t.eventSeq, t.role.rawValue, t.text, t.speaker, t.time.timeIntervalSince1970, t.tokens,
                t.refreshedTurn, t.itemID])
        case .unbuffer(let seq):
            try db.cachedStatement(sql: "DELETE FROM buffer WHERE session = ? AND event_seq = ?").execute(arguments: [s, seq])
        case .clearBuffer:
            try db.execute(sql: "DELETE FROM buffer WHERE session = ?", arguments: [s])
        case .decision(let d):
            try db.cachedStatement(sql: "INSERT INTO decisions (session, seq, turn, time, gate, outcome, item_id, event_seq, score, features, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").execute(arguments: [
                s, d.seq, d.turn, d.time.timeIntervalSince1970, d.gate.rawValue, d.outcome.rawValue, d.itemID,
                d.eventSeq, d.score.isFinite ? d.score : 0, CompactJSON.encode(d.features), d.note])
        case .redactDecision(let seq, let note):
            try db.execute(sql: "UPDATE decisions SET note = ? WHERE session = ? AND seq = ?", arguments: [note, s, seq])
        case .forgetEvent(let seq, let at):
            try db.execute(sql: "UPDATE events SET text = '', speaker = NULL, metadata = '{}', forgotten = ? WHERE session = ? AND seq = ?",
                           arguments: [at.timeIntervalSince1970, s, seq])
        case .deleteSlot(let version):
            try db.execute(sql: "DELETE FROM slots WHERE session = ? AND version = ?", arguments: [s, version])
        case .parameters(let p):
            try db.execute(sql: "UPDATE sessions SET parameters = ? WHERE id = ?", arguments: [json(p), s])
        case .slot(let v):
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO slots (session, version, entity, attribute, value, operation, valid_from, valid_to, set_turn, set_event, superseded_turn, superseded_event, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .execute(arguments: [
                    s, v.version, v.key.entity, v.key.attribute, v.value.map { json($0) }, v.operation.rawValue,
                    v.validFrom.timeIntervalSince1970, v.validTo?.timeIntervalSince1970, v.setTurn, v.setEvent,
                    v.supersededTurn, v.supersededEvent, v.source])
        case .goal(let g):
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO goals (session, id, parent, text, status, created, closed, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").execute(arguments: [
                s, g.id, g.parentID, g.text, g.status.rawValue, g.created.timeIntervalSince1970,
                g.closed?.timeIntervalSince1970, g.result])
        case .step(let p):
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO steps (session, id, goal, position, text, status, result, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").execute(arguments: [
                s, p.id, p.goalID, p.position, p.text, p.status.rawValue, p.result, p.updated.timeIntervalSince1970])
        case .deleteGoal(let id):
            try db.execute(sql: "DELETE FROM goals WHERE session = ? AND id = ?", arguments: [s, id])
        case .deleteStep(let id):
            try db.execute(sql: "DELETE FROM steps WHERE session = ? AND id = ?", arguments: [s, id])
        case .clearExecutive:
            try db.execute(sql: "DELETE FROM goals WHERE session = ?", arguments: [s])
            try db.execute(sql: "DELETE FROM steps WHERE session = ?", arguments: [s])
        case .clearAll:
            for table in ["events", "items", "buffer", "decisions", "slots", "goals", "steps"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE session = ?", arguments: [s])
            }
        }
    }
}
