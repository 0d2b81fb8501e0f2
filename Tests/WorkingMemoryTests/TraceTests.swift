import Foundation
import Testing
@testable import WorkingMemory

@Suite struct TraceTests {
    @Test(arguments: TestBackend.allCases) func traceSaysWhyAnItemIsInThePrompt(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        let r = try s.receive(MemoryEvent(.user, "My sister Maria is getting married in Porto on June 14.", time: at(0)))
        for k in 0..<40 { try s.receive(MemoryEvent(.user, "Long chat about football match number \(k) and the referee decisions.", time: at(1 + Double(k)))) }
        let c = try s.context(for: "When is Maria getting married?", budget: 300)
        #expect(c.itemIDs.contains(r.itemID!))
        let why = try s.explain(r.itemID!)
        let selected = try #require(why.decisions.last { $0.outcome == .selected })
        #expect(selected.gate == .output)
        #expect(selected.features["relevance"] == 1)
        #expect(selected.features["bm25"]! > 0)
        #expect(why.decisions.first?.outcome == .admitted)
    }

    @Test(arguments: TestBackend.allCases) func deletedItemLeavesOnlyItsDeletionInTheTrace(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        let r = try s.receive(MemoryEvent(.user, "My PIN is 9911, remember it.", time: at(0)))
        try s.delete(r.itemID!)
        #expect(s.item(r.itemID!) == nil)
        #expect(try s.recall("PIN 9911").allSatisfy { $0.item.id != r.itemID })
        #expect(try s.explain(r.itemID!).decisions.last?.outcome == .deleted)
        #expect(throws: MemoryError.self) { try s.delete(r.itemID!) }
    }

    @Test(arguments: TestBackend.allCases) func modifyChangesTheTextAndTheIndex(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        let item = try s.add("Meeting with Jun on Tuesday")
        try s.modify(item.id, text: "Meeting with Jun moved to Thursday")
        #expect(try s.recall("Thursday").first?.item.id == item.id)
        #expect(try s.explain(item.id).decisions.last?.note.contains("Tuesday") == true)
    }
}
