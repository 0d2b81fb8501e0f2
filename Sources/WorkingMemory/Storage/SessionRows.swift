/// A session's rows in the tables the in-memory state mirrors: all of them on a restore, those written since a
/// version on a catch-up (`SessionDelta`).
struct SessionRows {
    var items: [MemoryItem]
    var buffer: [BufferedTurn]
    var slots: [SlotVersion]
    var goals: [Goal]
    var steps: [PlanStep]

    init(_ rows: MemoryStore.RowReader) throws {
        items = try MemoryStore.items(rows)
        buffer = try MemoryStore.buffer(rows)
        slots = try MemoryStore.slots(rows)
        goals = try MemoryStore.goals(rows)
        steps = try MemoryStore.steps(rows)
    }
}
