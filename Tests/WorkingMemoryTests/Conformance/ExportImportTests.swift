import Foundation
import Testing
@testable import WorkingMemory

/// `export` and `importSessions`: JSON lines any backend writes and any backend reads, without loss.
@Suite struct ExportImportTests {
    /// Two users' sessions with events, a forgotten event, items, facts with history, goals and a trace.
    func filledStore(_ backend: TestBackend) throws -> MemoryStore {
        let store = try backend.store()
        for (user, session) in [("ana", "trip"), ("ana", "work"), ("ben", "trip")] {
            let s = try MemorySession.begin(try namespace(session, user: user), in: store)
            try s.receive(MemoryEvent(.user, "My favourite colour is blue.", time: at(0), speaker: "Ana", metadata: ["msg": "1"]))
            try s.receive(MemoryEvent(.user, "Actually my favourite colour is green.", time: at(1.5)))
            try s.receive(MemoryEvent(.user, "The gate code is 4411, keep it.", time: at(2), remember: true))
            try s.receive(MemoryEvent(.user, "我下周去上海开会，记住带护照。\u{7}", time: at(3.25)))
            try s.appendToSlot(SlotKey(attribute: "packing"), "passport")
            let g = try s.pushGoal("prepare the \(session)")
            try s.updateStep(try s.addStep("book a seat", to: g.id).id, .done, result: "12A")
            _ = try s.context(for: "what colour", budget: 200)
            try s.forget(.events([2]))
        }
        return store
    }

    func snapshots(_ store: MemoryStore) throws -> [SessionSnapshot] {
        try store.namespaces().map { try MemorySession.begin($0, in: store, .restored).snapshot() }
    }

    func lines(_ store: MemoryStore, _ scope: ExportScope = .tenant(Namespace.defaultTenant)) throws -> [String] {
        var out: [String] = []
        try store.export(scope) { out.append($0) }
        return out
    }

    @Test func aRoundTripFromSQLiteThroughPostgreSQLBackGivesIdenticalSnapshots() throws {
        let sqlite = try filledStore(.sqlite)
        let postgres = try TestBackend.postgres.store()
        try postgres.importSessions(try lines(sqlite))
        let back = try TestBackend.sqlite.store()
        try back.importSessions(try lines(postgres))
        let original = try snapshots(sqlite)
        #expect(original.count == 3)
        #expect(try snapshots(postgres) == original)
        #expect(try snapshots(back) == original)
        #expect(try lines(back) == lines(sqlite))
    }

    @Test(arguments: TestBackend.allCases)
    func anImportedSessionGoesOnWhereTheExportedOneStopped(_ backend: TestBackend) throws {
        let source = try filledStore(backend)
        let target = try backend.store()
        try target.importSessions(try lines(source, .session(try namespace("trip", user: "ana"))))
        let a = try MemorySession.begin(try namespace("trip", user: "ana"), in: source, .restored)
        let b = try MemorySession.begin(try namespace("trip", user: "ana"), in: target, .restored)
        let next = MemoryEvent(.user, "We land at 9 in Lisbon.", time: at(9))
        #expect(try a.receive(next) == b.receive(next))
        #expect(try a.snapshot() == b.snapshot())
    }

    @Test(arguments: TestBackend.allCases)
    func aUserScopeExportsEverySessionOfThatUserOnly(_ backend: TestBackend) throws {
        let store = try filledStore(backend)
        let target = try TestBackend.sqlite.store()
        let report = try target.importSessions(try lines(store, .user("ana", tenant: Namespace.defaultTenant)))
        #expect(Set(report.sessions) == Set([try namespace("trip", user: "ana"), try namespace("work", user: "ana")]))
        #expect(report.rows["event"] == 8)
    }

    @Test func anExistingSessionIsRefusedAndNothingIsImported() throws {
        let store = try filledStore(.sqlite)
        let target = try TestBackend.sqlite.store()
        try MemorySession.begin(try namespace("work", user: "ana"), in: target).add("already here")
        #expect(throws: MemoryError.self) { try target.importSessions(try lines(store)) }
        #expect(try target.namespaces() == [try namespace("work", user: "ana")])
    }

    @Test func aLineWithAnUnknownFieldIsRefusedNamingTheLine() throws {
        let target = try TestBackend.sqlite.store()
        var rows = try lines(try filledStore(.sqlite), .session(try namespace("trip", user: "ana")))
        rows[2] = rows[2].replacingOccurrences(of: "\"text\":", with: "\"text; DROP TABLE items\":")
        #expect { try target.importSessions(rows) } throws: { ($0 as? MemoryError)?.description.contains("line 3") == true }
        #expect(try target.namespaces().isEmpty)
    }
}
