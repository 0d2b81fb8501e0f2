/// What a forget removed (or, for a dry run, would remove): exactly the rows it changed.
public struct ForgetReport: Sendable, Equatable {
    /// Items deleted, by id.
    public var items: [Int64] = []
    /// Events emptied to tombstones (sequence number, role and time kept, text gone), by sequence number.
    public var events: [Int64] = []
    /// Goals deleted (with their plan steps), by id: their text or result held the words of a match.
    public var goals: [Int64] = []
    /// Plan steps deleted, by id: their goal was forgotten, or their text or result held the words of a match.
    public var steps: [Int64] = []
    /// Turns taken out of the verbal buffer.
    public var bufferedTurns = 0
    /// Sketchpad versions whose value was redacted (facts extracted from forgotten text).
    public var factVersions: [Int64] = []
    /// Trace notes replaced because they quoted forgotten text.
    public var decisionNotes = 0
    /// Nothing was changed: the report says what would be removed.
    public var dryRun = false
    /// The freed bytes were overwritten (`secure_delete`) and the write-ahead log truncated, so the text is in
    /// no byte of the database files. False when another connection kept the log busy: the next checkpoint
    /// (at the latest when the last connection closes) removes it.
    public var erasedFromFiles = false

    public init() {}

    /// Nothing matched.
    public var isEmpty: Bool { items.isEmpty && events.isEmpty && goals.isEmpty && steps.isEmpty && factVersions.isEmpty && decisionNotes == 0 && bufferedTurns == 0 }
}
