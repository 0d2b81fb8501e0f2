/// What `MemorySession.clear` resets.
public enum ClearScope: String, Sendable, CaseIterable {
    /// End of a task: the verbal buffer and the executive (goals, plan steps) are emptied; the episodic store,
    /// the sketchpad and the trace stay.
    case workingState
    /// Everything of the session (events, items, slots, goals, trace) is deleted; the namespace stays, empty.
    case everything
}
