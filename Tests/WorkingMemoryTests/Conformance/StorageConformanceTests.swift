import Foundation
import Testing
@testable import WorkingMemory

/// The storage semantics every backend keeps, run on SQLite and on PostgreSQL: one transaction per event,
/// acknowledged means committed, a restart restores every session exactly, many writers of one session lose
/// nothing and keep sequence numbers gap-free, a cached session catches up row by row, tenants stay apart.
@Suite struct StorageConformanceTests {
    @Test(arguments: TestBackend.allCases)
    func aRestartRestoresEverySessionExactly(_ backend: TestBackend) throws {
        let location = try backend.freshLocation()
        defer { backend.remove(location) }
        var before: [SessionSnapshot] = []
        do {
            let store = try backend.open(location)
            for name in ["a", "b"] {
                let s = try MemorySession.begin(try namespace(name), in: store, .empty)
                try fillSession(s)
                before.append(try s.snapshot())
            }
        }
        let reopened = try backend.open(location)
        let after = try ["a", "b"].map { try MemorySession.begin(try namespace($0), in: reopened, .restored).snapshot() }
        #expect(after == before)
        #expect(before[0].items.count >= 3 && before[0].decisions.count > 5 && before[0].goals.count == 1)
    }

    @Test(arguments: TestBackend.allCases)
    func anAcknowledgedEventIsVisibleToAnotherConnectionAtOnce(_ backend: TestBackend) throws {
        let location = try backend.freshLocation()
        defer { backend.remove(location) }
        let writer = try MemorySession.begin(try namespace(), in: try backend.open(location), .empty)
        let reader = try backend.open(location)
        for k in 1...5 {
            try writer.receive(MemoryEvent(.user, "Acknowledged turn \(k) about the garden.", time: at(Double(k))))
            #expect(try MemorySession.begin(try namespace(), in: reader, .restored).events().count == k)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func concurrentWritersOfOneSessionLoseNothingAndNumberEventsWithoutGaps(_ backend: TestBackend) throws {
        let location = try backend.freshLocation()
        defer { backend.remove(location) }
        _ = try MemorySession.begin(try namespace(), in: try backend.open(location), .empty)
        let writers = try (0..<4).map { _ in try MemorySession.begin(try namespace(), in: try backend.open(location), .restored) }
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: writers.count) { w in
            for k in 0..<25 {
                do { try writers[w].receive(MemoryEvent(.user, "writer \(w) turn \(k) about the boat", time: at(Double(k)))) } catch { failures.add(error) }
            }
        }
        #expect(failures.errors.isEmpty, "\(failures.errors.prefix(3))")
        let restored = try MemorySession.begin(try namespace(), in: try backend.open(location), .restored)
        let events = try restored.events()
        #expect(events.map(\.seq) == Array(1...100))
        #expect(Set(events.map(\.event.text)).count == 100)
        #expect(restored.turn == 100)
    }

    @Test(arguments: TestBackend.allCases)
    func aCachedSessionCatchesUpWithOnlyWhatAnotherWriterChanged(_ backend: TestBackend) throws {
        let location = try backend.freshLocation()
        defer { backend.remove(location) }
        let cached = try MemorySession.begin(try namespace(), in: try backend.open(location), .empty)
        try fillSession(cached)
        let other = try MemorySession.begin(try namespace(), in: try backend.open(location), .restored)
        try other.receive(MemoryEvent(.user, "The spare key is under the blue pot.", time: at(10)))
        try other.setSlot(SlotKey(attribute: "car"), to: .text("red van"))
        let goal = try other.pushGoal("water the plants")
        try other.closeGoal(goal.id, .done, result: "done on Sunday")
        #expect(try cached.refreshIfChanged())
        #expect(cached.refreshCounts == (incremental: 1, full: 0))
        let fresh = try MemorySession.begin(try namespace(), in: try backend.open(location), .restored)
        #expect(try cached.snapshot() == fresh.snapshot())
        #expect(try cached.recall("spare key").first?.item.text == "The spare key is under the blue pot.")
        #expect(cached.rankedMemories(for: "where is the key", limit: 5) == fresh.rankedMemories(for: "where is the key", limit: 5))
    }

    @Test(arguments: TestBackend.allCases)
    func aForgetByAnotherWriterMakesACachedSessionReadTheSessionWhole(_ backend: TestBackend) throws {
        let location = try backend.freshLocation()
        defer { backend.remove(location) }
        let cached = try MemorySession.begin(try namespace(), in: try backend.open(location), .empty)
        try fillSession(cached)
        let other = try MemorySession.begin(try namespace(), in: try backend.open(location), .restored)
        try other.forget(.matching("flight"))
        #expect(try cached.refreshIfChanged())
        #expect(cached.refreshCounts == (incremental: 0, full: 1))
        #expect(!cached.items.contains { $0.text.contains("flight") })
        #expect(try cached.snapshot() == other.snapshot())
    }

    @Test(arguments: TestBackend.allCases)
    func aWriteCatchesUpInsideItsTransactionBeforeItApplies(_ backend: TestBackend) throws {
        let location = try backend.freshLocation()
        defer { backend.remove(location) }
        let a = try MemorySession.begin(try namespace(), in: try backend.open(location), .empty)
        let b = try MemorySession.begin(try namespace(), in: try backend.open(location), .restored)
        for k in 0..<10 {
            try (k % 2 == 0 ? a : b).receive(MemoryEvent(.user, "Remember: fact number \(k) about the cellar.", time: at(Double(k))))
        }
        #expect(try a.events().map(\.seq) == Array(1...10))
        #expect(b.turn == 10 && b.items.count == 10)
        #expect(b.refreshCounts.full == 0)
    }

    @Test(arguments: TestBackend.allCases)
    func tenantsWithTheSameNamesHoldDifferentSessions(_ backend: TestBackend) throws {
        let store = try backend.store()
        let acme = try Namespace(tenant: "acme", user: "ana", session: "trip")
        let globex = try Namespace(tenant: "globex", user: "ana", session: "trip")
        try MemorySession.begin(acme, in: store).add("Acme's secret: the launch is in May.")
        try MemorySession.begin(globex, in: store).add("Globex note about lunch.")
        #expect(try store.namespaces(tenant: "acme") == [acme])
        #expect(try store.namespaces(tenant: "globex") == [globex])
        let g = try MemorySession.begin(globex, in: store, .restored)
        #expect(g.items.map(\.text) == ["Globex note about lunch."])
        #expect(try !g.recall("launch May").contains { $0.item.text.contains("Acme") })
    }

    @Test(arguments: TestBackend.allCases)
    func forgettingAUserDeletesEverySessionOfThatUserAndNoOther(_ backend: TestBackend) throws {
        let store = try backend.store()
        for (user, session) in [("ana", "a"), ("ana", "b"), ("ben", "a")] {
            try MemorySession.begin(try namespace(session, user: user), in: store).add("\(user) wrote in \(session)")
        }
        let gone = try store.forgetUser("ana")
        #expect(Set(gone) == Set([try namespace("a", user: "ana"), try namespace("b", user: "ana")]))
        #expect(try store.namespaces() == [try namespace("a", user: "ben")])
    }

    @Test(arguments: TestBackend.allCases)
    func aWriteToASessionAnotherWriterForgotIsRefused(_ backend: TestBackend) throws {
        let store = try backend.store()
        let s = try MemorySession.begin(try namespace(user: "ana"), in: store, .empty)
        try s.add("a note")
        try store.forgetUser("ana")
        #expect(throws: MemoryError.self) { try s.add("another note") }
    }
}
