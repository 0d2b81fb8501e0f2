import Foundation
import Testing
@testable import WorkingMemory

@Suite struct NamespaceIsolationTests {
    @Test func sessionsInOneStoreNeverSeeEachOthersItems() throws {
        let store = try MemoryStore.inMemory()
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

    @Test func emptyNamespacePartIsRejected() {
        #expect(throws: MemoryError.self) { try Namespace(user: "", agent: "a", session: "s") }
    }
}
