/// One row-level change of a session, collected while an operation runs and written in one transaction
/// (`MemoryStore.write`). Collecting first and writing once is what makes an event atomic.
enum StoreChange {
    case event(seq: Int64, MemoryEvent)
    case item(MemoryItem)
    case deleteItem(Int64)
    case buffer(BufferedTurn)
    case unbuffer(eventSeq: Int64)
    case clearBuffer
    case decision(GateDecision)
    case slot(SlotVersion)
    case goal(Goal)
    case step(PlanStep)
    case clearExecutive
    case clearAll
}
