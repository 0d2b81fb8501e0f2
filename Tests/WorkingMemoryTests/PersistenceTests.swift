import Foundation
import Testing
@testable import WorkingMemory

@Suite struct PersistenceTests {
    func fill(_ s: MemorySession) throws {
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

    @Test func restartRestoresEverySessionExactly() throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        var before: [SessionSnapshot] = []
        do {
            let store = try MemoryStore(path: path)
            for name in ["a", "b"] {
                let s = try MemorySession.begin(try namespace(name), in: store, .empty)
                try fill(s)
                before.append(try s.snapshot())
            }
        }
        let reopened = try MemoryStore(path: path)
        let after = try ["a", "b"].map { try MemorySession.begin(try namespace($0), in: reopened, .restored).snapshot() }
        #expect(after == before)
        #expect(before[0].items.count >= 3 && before[0].decisions.count > 5)
    }

    @Test func restoredSessionContinuesWithTheSameIdsAndContext() throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        let first = try MemorySession.begin(try namespace(), in: try MemoryStore(path: path), .empty)
        try fill(first)
        let before = try first.snapshot()
        let second = try MemorySession.begin(try namespace(), in: try MemoryStore(path: path), .restored)
        let b = try second.receive(MemoryEvent(.user, "My cat Miso is three years old.", time: at(9)))
        #expect(b.eventSeq == Int64(before.events.count + 1))
        #expect(b.itemID == before.items.map(\.id).max()! + 1)
        #expect(second.turn == before.turn + 1)
    }

    @Test func acknowledgedEventsSurviveAProcessThatNeverCloses() throws {
        // Simulated crash: the writer is never closed or checkpointed; a second connection (another process after
        // a restart) must see every event that receive() acknowledged.
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        let writerStore = try MemoryStore(path: path)
        let s = try MemorySession.begin(try namespace(), in: writerStore, .empty)
        for k in 0..<25 { try s.receive(MemoryEvent(.user, "Event \(k): Maria painted sunrise number \(k).", time: at(Double(k)))) }
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        let reader = try MemorySession.begin(try namespace(), in: try MemoryStore(path: path), .restored)
        #expect(try reader.events().count == 25)
        #expect(try reader.snapshot().items == (try s.snapshot().items))
        withExtendedLifetime(writerStore) {}
    }

    @Test func corruptDatabaseFileIsAClearErrorAndIsLeftUntouched() throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        let junk = Data(repeating: 0x5A, count: 4096)
        try junk.write(to: URL(fileURLWithPath: path))
        #expect(throws: MemoryError.self) { try MemoryStore(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == junk)
    }
}
