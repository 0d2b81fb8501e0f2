import Foundation

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
    /// Replaces a decision's note (its text named something forgotten).
    case redactDecision(seq: Int64, note: String)
    /// Empties an event's text, speaker and metadata; keeps its sequence number, role and time.
    case forgetEvent(seq: Int64, at: Date)
    case slot(SlotVersion)
    /// Deletes a sketchpad version (its key's every version came from forgotten text).
    case deleteSlot(version: Int64)
    case goal(Goal)
    case step(PlanStep)
    /// Deletes a goal (its text held forgotten words); its steps are deleted by their own changes.
    case deleteGoal(Int64)
    /// Deletes a plan step.
    case deleteStep(Int64)
    case parameters(GateParameters)
    case clearExecutive
    case clearAll
}
