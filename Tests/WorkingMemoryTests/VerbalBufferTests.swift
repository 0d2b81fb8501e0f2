import Foundation
import Testing
@testable import WorkingMemory

@Suite struct VerbalBufferTests {
    func turn(_ seq: Int64, tokens: Int) -> BufferedTurn {
        BufferedTurn(eventSeq: seq, role: .user, text: "t\(seq)", speaker: nil, time: at(Double(seq)), tokens: tokens,
                     refreshedTurn: seq, itemID: nil)
    }

    @Test func oldestTurnLeavesWhenTheBudgetIsExceeded() {
        var b = VerbalBuffer(budget: 10)
        for k in 1...3 { b.append(turn(Int64(k), tokens: 4)) }
        #expect(b.turns.map(\.eventSeq) == [2, 3])
        #expect(b.tokens <= 10)
    }

    @Test func referencedTurnIsRefreshedAndStays() {
        var b = VerbalBuffer(budget: 10)
        b.append(turn(1, tokens: 4))
        b.append(turn(2, tokens: 4))
        b.refresh(eventSeq: 1, at: 3)
        let evicted = b.append(turn(3, tokens: 4))
        #expect(evicted.map(\.eventSeq) == [2])
        #expect(b.turns.map(\.eventSeq) == [1, 3])
    }

    @Test func newestTurnStaysEvenWhenLargerThanTheBudget() {
        var b = VerbalBuffer(budget: 10)
        b.append(turn(1, tokens: 4))
        b.append(turn(2, tokens: 50))
        #expect(b.turns.map(\.eventSeq) == [2])
    }

    @Test(arguments: TestBackend.allCases) func sessionRefreshesABufferedTurnThatIsReferencedAgain(_ backend: TestBackend) throws {
        var p = GateParameters()
        p.verbalBufferTokens = 30
        let s = try newSession(store: try backend.store(), parameters: p)
        let first = try s.receive(MemoryEvent(.user, "The red notebook is on the kitchen table.", time: at(0)))
        try s.receive(MemoryEvent(.assistant, "Fine, anything else for today then?", time: at(1)))
        try s.receive(MemoryEvent(.user, "Is the red notebook on the kitchen table?", time: at(2)))
        try s.receive(MemoryEvent(.assistant, "Yes, I believe it still is there.", time: at(3)))
        #expect(s.verbalBuffer.turns.contains { $0.eventSeq == first.eventSeq })
        #expect(!s.verbalBuffer.turns.contains { $0.eventSeq == 2 })
    }
}
