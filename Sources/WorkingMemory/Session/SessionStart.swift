/// How `MemorySession.begin` starts a session.
public enum SessionStart: Sendable {
    /// A new session; fails if the namespace already has one (nothing stored is overwritten).
    case empty
    /// The stored session, exactly as it was; fails if there is none.
    case restored
    /// The stored session if there is one, else a new one.
    case restoredOrEmpty
    /// A new session that starts with these facts and notes (fails if the namespace already has one).
    case preloaded([Preload])

    /// A fact or note a session starts with.
    public enum Preload: Sendable {
        /// A sketchpad slot.
        case fact(SlotKey, SlotValue)
        /// An item in the episodic store; pinned items never fade.
        case note(String, pinned: Bool)
    }
}
