import Foundation
import GRDB
import Testing
@testable import WorkingMemory

@Suite struct NamespaceIsolationTests {
    @Test(arguments: TestBackend.allCases) func sessionsInOneStoreNeverSeeEachOthersItems(_ backend: TestBackend) throws {
        let store = try backend.store()
        let ana = try MemorySession.begin(try namespace("chat", user: "ana"), in: store, .empty)
        let bob = try MemorySession.begin(try namespace("chat", user: "bob"), in: store, .empty)
        try ana.receive(MemoryEvent(.user, "My passport number is X1234567, remember it.", time: at(0)))
        try ana.setSlot(SlotKey(entity: "user", attribute: "city"), to: .text("Lyon"))
        try bob.receive(MemoryEvent(.user, "I collect vintage fountain pens from Japan.", time: at(0)))

        #expect(bob.items.allSatisfy { !$0.text.contains("passport") })
        #expect(try bob.recall("passport number").allSatisfy { !$0.item.text.contains("passport") })
        let context = try bob.context(for: "What is my passport number?", budget: 400)
        #expect(!context.transcript.contains("X1234567"))
        #expect(bob.sketchpad.slots.isEmpty)
        #expect(try bob.decisions().allSatisfy { !$0.note.contains("X1234567") && $0.itemID.map { bob.item($0) != nil || $0 > 1 } ?? true })

        // Restored from storage, the isolation holds too.
        let bobAgain = try MemorySession.begin(try namespace("chat", user: "bob"), in: store, .restored)
        #expect(bobAgain.items.map(\.text) == ["I collect vintage fountain pens from Japan."])
        #expect(try store.namespaces().count == 2)
    }

    @Test func tenantsWithTheSameNamesAreSeparateSessions() throws {
        let store = try MemoryStore.inMemory()
        let acme = try Namespace(tenant: "acme", user: "ana", agent: "bot", session: "chat")
        let globex = try Namespace(tenant: "globex", user: "ana", agent: "bot", session: "chat")
        let a = try MemorySession.begin(acme, in: store, .empty)
        try a.receive(MemoryEvent(.user, "Our launch code name is Bluebird, remember it.", time: at(0)))
        let g = try MemorySession.begin(globex, in: store, .empty)
        #expect(g.items.isEmpty)
        #expect(try store.namespaces(tenant: "acme") == [acme])
        #expect(try store.namespaces(tenant: "globex") == [globex])
        #expect(try store.namespaces().isEmpty)
        #expect(try store.namespaces(tenant: nil).count == 2)
        #expect(throws: MemoryError.self) { try MemorySession.begin(acme, in: store, .empty) }
    }

    @Test func aVersionOneDatabaseMigratesIntoTheDefaultTenant() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wm-v1-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("old.sqlite").path
        do {
            // A database as the first schema left it: the v1 migration alone and one session row written by hand.
            let queue = try DatabaseQueue(path: path)
            try StoreSchema.migrator.migrate(queue, upTo: "v1")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO sessions (user, agent, name, created, counters, parameters) VALUES ('ana', 'default', 'trip', 0, ?, ?)",
                               arguments: [MemoryStore.json(SessionCounters()), MemoryStore.json(GateParameters())])
            }
        }
        let store = try MemoryStore(path: path)
        let restored = try MemorySession.begin(try Namespace(user: "ana", session: "trip"), in: store, .restored)
        #expect(restored.namespace.tenant == Namespace.defaultTenant)
        try restored.receive(MemoryEvent(.user, "I am flying to Lisbon on the ninth of May.", time: at(0)))
        #expect(try MemorySession.begin(try Namespace(user: "ana", session: "trip"), in: store, .restored).items.count == 1)
        #expect(try store.namespaces() == [try Namespace(user: "ana", session: "trip")])
    }

    @Test func emptyNamespacePartIsRejected() {
        #expect(throws: MemoryError.self) { try Namespace(user: "", agent: "a", session: "s") }
    }
}
