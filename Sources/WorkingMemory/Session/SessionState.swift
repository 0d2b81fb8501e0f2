import Foundation

/// The mutable state of a session, guarded by the session's lock. In memory it is the authority for reads;
/// every change is mirrored by `StoreChange`s written in one transaction.
struct SessionState {
    var row: Int64
    /// The session's committed version this state reflects (`sessions.version`).
    var version: Int64
    var created: Date
    var counters: SessionCounters
    var parameters: GateParameters
    var buffer: VerbalBuffer
    var executive = Executive()
    var sketchpad = Sketchpad()
    var episodic: EpisodicStore
    /// Analysed terms of the buffered turns (recomputed on restore, never stored).
    var bufferTerms: [Int64: TermSet] = [:]
    /// Analysed terms of the last admitted items (novelty window; recomputed on restore, never stored).
    var recentItemTerms: [(id: Int64, terms: TermSet)] = []
    /// Changes of the running operation, not yet written.
    var pending: [StoreChange] = []

    var now: Date { Date(timeIntervalSince1970: counters.time == -Double.greatestFiniteMagnitude ? created.timeIntervalSince1970 : counters.time) }

    /// Records a gate decision (written with the operation's transaction).
    @discardableResult
    mutating func decide(_ gate: GateDecision.Gate, _ outcome: GateDecision.Outcome, item: Int64? = nil,
                         event: Int64? = nil, score: Double, features: [String: Double] = [:], note: String) -> GateDecision {
        let d = GateDecision(seq: counters.nextDecision, turn: counters.turn, time: now, gate: gate, outcome: outcome,
                             itemID: item, eventSeq: event, score: score, features: features, note: note)
        counters.nextDecision += 1
        pending.append(.decision(d))
        return d
    }
}
