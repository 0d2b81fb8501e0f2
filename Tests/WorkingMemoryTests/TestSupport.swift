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
