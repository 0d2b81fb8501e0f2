import Foundation
import GRDB

extension MemoryStore {
    /// Writes the changes of one operation and the session's counters in one transaction: either all of them
    /// are stored or none. Returns after the commit.
    func write(session: Int64, counters: SessionCounters, changes: [StoreChange]) throws {
        try guarded("store changes") {
            try writer.write { db in
                for change in changes { try Self.apply(change, session: session, db) }
                try db.cachedStatement(sql: "UPDATE sessions SET counters = ? WHERE id = ?")
                    .execute(arguments: [Self.json(counters), session])
            }
        }
        checkpointer?.committed()
    }

    /// Rewrites the stored gate parameters of a session.
    func writeParameters(session: Int64, _ parameters: GateParameters) throws {
        try guarded("store parameters") {
            try writer.write { db in
                try db.execute(sql: "UPDATE sessions SET parameters = ? WHERE id = ?", arguments: [Self.json(parameters), session])
            }
        }
    }

    private static func apply(_ change: StoreChange, session s: Int64, _ db: Database) throws {
        switch change {
        case .event(let seq, let e):
            try db.cachedStatement(sql: "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)").execute(arguments: [
                s, seq, e.role.rawValue, e.text, e.time.timeIntervalSince1970, e.speaker,
                CompactJSON.encode(e.metadata), e.remember, e.episode])
        case .item(let i):
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .execute(arguments: [
                    s, i.id, i.kind.rawValue, i.role.rawValue, i.text, i.speaker, i.time.timeIntervalSince1970,
                    i.eventSeq, i.episode, i.tokens, i.cell, i.cellTurn, i.cellTime.timeIntervalSince1970, i.pinned,
                    i.status.rawValue, i.uses, CompactJSON.encode(i.metadata)])
        case .deleteItem(let id):
            try db.execute(sql: "DELETE FROM items WHERE session = ? AND id = ?", arguments: [s, id])
            try db.execute(sql: "UPDATE buffer SET item_id = NULL WHERE session = ? AND item_id = ?", arguments: [s, id])
        case .buffer(let t):
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO buffer VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)").execute(arguments: [
                s, t.eventSeq, t.role.rawValue, t.text, t.speaker, t.time.timeIntervalSince1970, t.tokens,
                t.refreshedTurn, t.itemID])
        case .unbuffer(let seq):
            try db.cachedStatement(sql: "DELETE FROM buffer WHERE session = ? AND event_seq = ?").execute(arguments: [s, seq])
        case .clearBuffer:
            try db.execute(sql: "DELETE FROM buffer WHERE session = ?", arguments: [s])
        case .decision(let d):
            try db.cachedStatement(sql: "INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").execute(arguments: [
                s, d.seq, d.turn, d.time.timeIntervalSince1970, d.gate.rawValue, d.outcome.rawValue, d.itemID,
                d.eventSeq, d.score.isFinite ? d.score : 0, CompactJSON.encode(d.features), d.note])
        case .slot(let v):
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO slots VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .execute(arguments: [
                    s, v.version, v.key.entity, v.key.attribute, v.value.map { json($0) }, v.operation.rawValue,
                    v.validFrom.timeIntervalSince1970, v.validTo?.timeIntervalSince1970, v.setTurn, v.setEvent,
                    v.supersededTurn, v.supersededEvent, v.source])
        case .goal(let g):
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO goals VALUES (?, ?, ?, ?, ?, ?, ?, ?)").execute(arguments: [
                s, g.id, g.parentID, g.text, g.status.rawValue, g.created.timeIntervalSince1970,
                g.closed?.timeIntervalSince1970, g.result])
        case .step(let p):
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO steps VALUES (?, ?, ?, ?, ?, ?, ?, ?)").execute(arguments: [
                s, p.id, p.goalID, p.position, p.text, p.status.rawValue, p.result, p.updated.timeIntervalSince1970])
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
