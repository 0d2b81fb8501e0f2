import Foundation
import Testing
@testable import WorkingMemory

@Suite struct PersistenceTests {
    @Test func restoredSessionContinuesWithTheSameIdsAndContext() throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        let first = try MemorySession.begin(try namespace(), in: try MemoryStore(path: path), .empty)
        try fillSession(first)
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
