import Foundation
import Testing
@testable import WorkingMemory

@Suite struct BulkReceiveTests {
    @Test func bulkReceiveIsAllOrNothing() throws {
        let s = try newSession()
        let events = [MemoryEvent(.user, "My sister Maria lives in Porto.", time: at(0)), MemoryEvent(.user, "  ", time: at(1))]
        #expect(throws: MemoryError.self) { try s.receive(contentsOf: events) }
        #expect(try s.events().isEmpty)
        #expect(s.items.isEmpty)
    }

    @Test func bulkReceiveGatesEachEventLikeReceive() throws {
        let a = try newSession("a"), b = try newSession("b")
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
