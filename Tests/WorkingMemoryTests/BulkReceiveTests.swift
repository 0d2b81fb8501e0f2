import Foundation
import Testing
@testable import WorkingMemory

@Suite struct BulkReceiveTests {
    @Test(arguments: TestBackend.allCases) func bulkReceiveIsAllOrNothing(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        let events = [MemoryEvent(.user, "My sister Maria lives in Porto.", time: at(0)), MemoryEvent(.user, "  ", time: at(1))]
        #expect(throws: MemoryError.self) { try s.receive(contentsOf: events) }
        #expect(try s.events().isEmpty)
        #expect(s.items.isEmpty)
    }

    @Test(arguments: TestBackend.allCases) func bulkReceiveGatesEachEventLikeReceive(_ backend: TestBackend) throws {
        let a = try newSession("a", store: try backend.store()), b = try newSession("b", store: try backend.store())
        let events = [
            MemoryEvent(.user, "hi", time: at(0)),
            MemoryEvent(.user, "My sister Maria lives in Porto and teaches maths.", time: at(1)),
            MemoryEvent(.user, "My sister Maria lives in Porto and teaches maths.", time: at(2)),
        ]
        let bulk = try a.receive(contentsOf: events)
        let single = try events.map { try b.receive($0) }
        #expect(bulk == single)
        #expect(bulk.map(\.outcome) == [.rejected, .admitted, .rehearsed])
    }
}

@Suite struct ImportTests {
    @Test func importedItemsAreSearchableAndSurviveARestart() throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        let s = try MemorySession.begin(try namespace(), in: try MemoryStore(path: path), .empty)
        let items = try s.importItems((0..<200).map { MemoryEvent(.user, "Note \($0): the blue notebook number \($0) is in drawer \($0 % 7).", time: at(Double($0)), episode: "doc") })
        #expect(items.map(\.id) == Array(1...200))
        #expect(try s.recall("notebook number 137", limit: 1).first?.item.id == 138)
        #expect(try s.events().isEmpty)
        let restored = try MemorySession.begin(try namespace(), in: try MemoryStore(path: path), .restored)
        #expect(restored.items == s.items)
        #expect(try restored.decisions().count == 200)
    }

    @Test(arguments: TestBackend.allCases) func importRejectsAnEmptyTextAndStoresNothing(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        #expect(throws: MemoryError.self) { try s.importItems([MemoryEvent(.user, "fine", time: at(0)), MemoryEvent(.user, "", time: at(1))]) }
        #expect(s.items.isEmpty)
    }
}
