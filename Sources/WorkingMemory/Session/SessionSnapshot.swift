import Foundation

/// Everything a session holds, comparable: what a restart must restore exactly.
public struct SessionSnapshot: Sendable, Equatable {
    public var namespace: Namespace
    public var parameters: GateParameters
    public var turn: Int64
    public var now: Date
    public var items: [MemoryItem]
    public var buffer: [BufferedTurn]
    public var goals: [Goal]
    public var steps: [PlanStep]
    public var slots: [SlotVersion]
    public var decisions: [GateDecision]
    public var events: [MemoryEvent]
}

extension MemorySession {
    /// A full copy of the session's state (items, buffer, executive, sketchpad history, trace, events).
    public func snapshot() throws -> SessionSnapshot {
        let (p, turn, now, items, buffer, goals, steps, slots) = read {
            (state.parameters, state.counters.turn, state.now, state.episodic.order.compactMap { state.episodic[$0] },
             state.buffer.turns, state.executive.goals, state.executive.steps, state.sketchpad.versions)
        }
        return SessionSnapshot(namespace: namespace, parameters: p, turn: turn, now: now, items: items, buffer: buffer,
                               goals: goals, steps: steps, slots: slots, decisions: try decisions(),
                               events: try events().map(\.event))
    }
}
