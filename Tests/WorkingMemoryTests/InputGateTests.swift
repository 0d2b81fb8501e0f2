import Foundation
import Testing
@testable import WorkingMemory

@Suite struct InputGateTests {
    @Test func phaticTurnIsRejected() throws {
        let s = try newSession()
        let r = try s.receive(MemoryEvent(.user, "ok thanks", time: at(0)))
        #expect(r.outcome == .rejected)
        #expect(s.items.isEmpty)
    }

    @Test func salientPersonalFactIsAdmitted() throws {
        let s = try newSession()
        let r = try s.receive(MemoryEvent(.user, "My daughter Lily starts school in Boston on September 3.", time: at(0)))
        #expect(r.outcome == .admitted)
        #expect(r.features["salience"]! > 0.5)
        #expect(s.items.count == 1)
    }

    @Test func chineseFactIsAdmitted() throws {
        let s = try newSession()
        let r = try s.receive(MemoryEvent(.user, "我女儿下个月在上海参加钢琴比赛，我们打算提前两天去。", time: at(0)))
        #expect(r.outcome == .admitted)
    }

    @Test func explicitRememberAdmitsAndPinsEvenShortText() throws {
        let s = try newSession()
        let r = try s.receive(MemoryEvent(.user, "remember: gate code 4411", time: at(0)))
        #expect(r.outcome == .admitted)
        #expect(s.item(r.itemID!)!.pinned)
        let flagged = try s.receive(MemoryEvent(.user, "ok", time: at(1), remember: true))
        #expect(flagged.outcome == .admitted)
    }

    @Test func repeatRefreshesTheStoredItemInsteadOfCopyingIt() throws {
        let s = try newSession()
        let first = try s.receive(MemoryEvent(.user, "I am allergic to peanuts and shellfish.", time: at(0)))
        for k in 1...50 { try s.receive(MemoryEvent(.assistant, "Filler answer number \(k) about the weather in Paris.", time: at(Double(k)))) }
        let before = s.strength(of: first.itemID!)!
        let again = try s.receive(MemoryEvent(.user, "I am allergic to peanuts and shellfish.", time: at(60)))
        #expect(again.outcome == .rehearsed)
        #expect(again.itemID == first.itemID)
        #expect(s.strength(of: first.itemID!)! > before)
        #expect(s.items.filter { $0.text.contains("peanuts") }.count == 1)
    }

    @Test func everyInputDecisionIsRecordedWithItsFeatures() throws {
        let s = try newSession()
        try s.receive(MemoryEvent(.user, "ok thanks", time: at(0)))
        let d = try s.decisions(gate: .input)
        #expect(d.count == 1)
        #expect(d[0].outcome == .rejected)
        #expect(Set(d[0].features.keys).isSuperset(of: ["novelty", "salience", "explicit"]))
    }
}
