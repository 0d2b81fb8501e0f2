import Foundation
@testable import WorkingMemory

/// A fixed clock for tests: `at(0)` is 2024-01-01 00:00 UTC, `at(m)` m minutes later.
func at(_ minutes: Double) -> Date { Date(timeIntervalSince1970: 1_704_067_200 + minutes * 60) }

func namespace(_ session: String = "s", user: String = "u") throws -> Namespace {
    try Namespace(user: user, agent: "test", session: session)
}

func newSession(_ name: String = "s", store: MemoryStore? = nil, parameters: GateParameters? = nil) throws -> MemorySession {
    try MemorySession.begin(try namespace(name), in: try store ?? MemoryStore.inMemory(), .empty, parameters: parameters)
}

/// A temporary database file path, removed with its WAL files by `removeDatabase`.
func temporaryDatabase() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("wm-test-\(UUID().uuidString).sqlite").path
}

func removeDatabase(_ path: String) {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}

/// A session with turns in several roles and languages, a goal with a done step, a fact, a context and a pin:
/// something of every kind a restart must restore.
func fillSession(_ s: MemorySession) throws {
    try s.receive(MemoryEvent(.user, "My favourite colour is blue.", time: at(0), speaker: "Ana", metadata: ["msg": "1"]))
    try s.receive(MemoryEvent(.assistant, "Noted, blue it is.", time: at(1)))
    try s.receive(MemoryEvent(.user, "Remember: my flight is LH 1234 on March 3.", time: at(2)))
    try s.receive(MemoryEvent(.user, "Actually my favourite colour is green.", time: at(3), speaker: "Ana"))
    try s.receive(MemoryEvent(.tool, "weather(Lyon) = 12°C, light rain", time: at(4)))
    try s.receive(MemoryEvent(.user, "我下周去上海开会，记住带护照。", time: at(5)))
    let g = try s.pushGoal("prepare the trip")
    let step = try s.addStep("check in online", to: g.id)
    try s.updateStep(step.id, .done, result: "seat 12A")
    try s.appendToSlot(SlotKey(attribute: "packing"), "passport")
    _ = try s.context(for: "When is my flight?", budget: 300)
    try s.pin(1)
}
