import Foundation
import Testing
@testable import WorkingMemory

/// The session clock: never back, never far ahead of the wall clock.
@Suite struct SessionClockTests {
    let farFuture = Date(timeIntervalSince1970: 253_402_300_740)  // 9999-12-31T23:59:00Z

    @Test(arguments: TestBackend.allCases) func anEventYearsAheadIsRefusedAndFadesNothing(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        let r = try s.receive(MemoryEvent(.user, "My sister Ana lives in Porto.", time: at(0)))
        let id = try #require(r.itemID)
        let before = try #require(s.strength(of: id))
        #expect {
            try s.receive(MemoryEvent(.user, "a turn from the far future", time: farFuture))
        } throws: { ($0 as? MemoryError)?.description.contains("9999-12-31T23:59:00Z lies") == true }
        #expect(s.now == at(0))
        #expect(s.turn == 1)
        #expect(s.strength(of: id) == before)
    }

    @Test(arguments: TestBackend.allCases) func withClampingAnEventYearsAheadIsStoredAtTheWallClockAndSaysSo(_ backend: TestBackend) throws {
        var p = GateParameters()
        p.futureEvents = .clamp
        let s = try newSession(store: try backend.store(), parameters: p)
        let r = try s.receive(MemoryEvent(.user, "a turn from the far future", time: farFuture))
        #expect(r.clampedFrom == farFuture)
        #expect(s.now <= Date())
        #expect(try s.events().first?.event.time == s.now)
        #expect(try s.decisions().contains { $0.note.contains("lay further ahead of the wall clock") })
    }

    @Test(arguments: TestBackend.allCases) func anEventWithinTheSkewIsAccepted(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        let soon = Date().addingTimeInterval(3_600)
        try s.receive(MemoryEvent(.user, "see you in an hour", time: soon))
        // The clock is stored as seconds since 1970 (a Double): equal to the microsecond, not to the last bit.
        #expect(abs(s.now.timeIntervalSince(soon)) < 1e-6)
    }

    @Test(arguments: TestBackend.allCases) func anOldEventReceivedLateKeepsItsTimeAndLeavesTheClock(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        try s.receive(MemoryEvent(.user, "today's turn about the garden", time: at(600)))
        let old = try s.receive(MemoryEvent(.user, "Remember: last week's note about the roof.", time: at(0)))
        #expect(s.now == at(600))
        #expect(s.item(try #require(old.itemID))?.time == at(0))
    }

    @Test(arguments: TestBackend.allCases) func aNoteDatedYearsAheadIsRefused(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        #expect(throws: MemoryError.self) { try s.add("from the future", time: farFuture) }
        #expect(throws: MemoryError.self) { try s.importItems([MemoryEvent(.user, "from the future", time: farFuture)]) }
        #expect(s.items.isEmpty)
    }
}
