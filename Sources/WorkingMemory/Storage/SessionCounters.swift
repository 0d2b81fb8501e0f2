/// The session's scalar state (turn counter, next ids, current episode, sweep position), stored as one JSON
/// value in `sessions.counters` and rewritten in every transaction.
struct SessionCounters: Codable, Equatable, Sendable {
    enum CodingKeys: String, CodingKey {
        case turn, time, nextItem, nextEvent, nextDecision, nextSlot, nextGoal, nextStep, episode, episodeNumber, sweepCursor, episodeStartTurn
    }

    var turn: Int64 = 0
    /// Latest event time, seconds since 1970 (-inf before the first event).
    var time: Double = -Double.greatestFiniteMagnitude
    var nextItem: Int64 = 1
    var nextEvent: Int64 = 1
    var nextDecision: Int64 = 1
    var nextSlot: Int64 = 1
    var nextGoal: Int64 = 1
    var nextStep: Int64 = 1
    var episode: String = "e1"
    var episodeNumber: Int = 1
    var sweepCursor: Int = 0
    /// Turn at which the current episode began.
    var episodeStartTurn: Int64 = 0
}
