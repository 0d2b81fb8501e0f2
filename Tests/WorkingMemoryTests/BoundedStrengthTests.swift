import Foundation
import Testing
@testable import WorkingMemory

/// Use reinforces an item up to a saturation, not without bound.
@Suite struct BoundedStrengthTests {
    @Test(arguments: TestBackend.allCases) func repeatedContextsOnOneQueryNeverPassTheCeiling(_ backend: TestBackend) throws {
        var p = GateParameters()
        p.verbalBufferTokens = 0  // the item reaches the context as a memory, not as a recent turn
        let s = try newSession(store: try backend.store(), parameters: p)
        let r = try s.receive(MemoryEvent(.user, "My sister Maria is getting married in Porto on June 14.", time: at(0)))
        try s.receive(MemoryEvent(.user, "ok", time: at(1)))
        let id = try #require(r.itemID)
        var last = 0.0
        for _ in 0..<100 {
            _ = try s.context(for: "When is Maria getting married?", budget: 300)
            let c = try #require(s.strength(of: id))
            #expect(c <= s.parameters.strengthCeiling)
            last = c
        }
        #expect(last > 0.99)
        #expect(s.item(id)?.uses == 100)
    }

    @Test func aCellAboveTheCeilingComesDownWhenUsed() throws {
        let gate = ForgetGate(parameters: GateParameters())
        let item = MemoryItem(id: 1, kind: .note, role: .user, text: "x", speaker: nil, time: at(0), eventSeq: nil, episode: "e1",
                              tokens: 1, cell: 15.2, cellTurn: 0, cellTime: at(0), pinned: true, status: .active, uses: 83, metadata: [:])
        let used = gate.refreshed(item, gain: 0.2, turn: 0, time: at(0))
        #expect(used.cell < 15.2)
        #expect(abs(used.cell - (15.2 + 0.2 * (1 - 15.2))) < 1e-12)
    }

    @Test func oneUseClosesTheGainsShareOfTheGap() throws {
        let gate = ForgetGate(parameters: GateParameters())
        let item = MemoryItem(id: 1, kind: .note, role: .user, text: "x", speaker: nil, time: at(0), eventSeq: nil, episode: "e1",
                              tokens: 1, cell: 0.4, cellTurn: 0, cellTime: at(0), pinned: false, status: .active, uses: 0, metadata: [:])
        #expect(abs(gate.refreshed(item, gain: 0.5, turn: 0, time: at(0)).cell - 0.7) < 1e-12)
    }
}
