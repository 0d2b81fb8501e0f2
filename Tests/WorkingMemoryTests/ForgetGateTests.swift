import Foundation
import Testing
@testable import WorkingMemory

@Suite struct ForgetGateTests {
    func fastForgetting() -> GateParameters {
        var p = GateParameters()
        p.turnDecay = 0.9
        p.verbalBufferTokens = 40
        return p
    }

    @Test func strengthDecaysWithTurnsUnlessPinned() throws {
        let s = try newSession(parameters: fastForgetting())
        let a = try s.receive(MemoryEvent(.user, "My brother Tom lives in Denver and works as a nurse.", time: at(0)))
        let b = try s.receive(MemoryEvent(.user, "Remember: the wifi password is mango-42.", time: at(1)))
        let a0 = s.strength(of: a.itemID!)!, b0 = s.strength(of: b.itemID!)!
        for k in 0..<10 { try s.receive(MemoryEvent(.assistant, "ok \(k)", time: at(2 + Double(k)))) }
        #expect(s.strength(of: a.itemID!)! < a0 * 0.5)
        #expect(s.strength(of: b.itemID!)! == b0)
    }

    @Test func strengthDecaysWithTimeByTheHalfLife() throws {
        var p = GateParameters()
        p.turnDecay = 1
        p.halfLifeDays = 10
        let s = try newSession(parameters: p)
        let a = try s.receive(MemoryEvent(.user, "My brother Tom lives in Denver and works as a nurse.", time: at(0)))
        let c0 = s.strength(of: a.itemID!)!
        try s.receive(MemoryEvent(.user, "hi", time: at(10 * 24 * 60)))
        #expect(abs(s.strength(of: a.itemID!)! - c0 / 2) < 1e-9)
    }

    @Test func fadedItemIsRecordedWithWhy() throws {
        let s = try newSession(parameters: fastForgetting())
        let a = try s.receive(MemoryEvent(.user, "My brother Tom lives in Denver and works as a nurse.", time: at(0)))
        for k in 0..<40 { try s.receive(MemoryEvent(.assistant, "ok \(k)", time: at(1 + Double(k)))) }
        #expect(s.item(a.itemID!)!.status == .faded)
        let why = try s.explain(a.itemID!)
        let faded = why.decisions.first { $0.outcome == .faded }
        #expect(faded != nil)
        #expect(faded!.features["turnsSinceUpdate"]! > 20)
        #expect(faded!.score < s.parameters.fadeThreshold)
    }

    @Test func usedItemIsRefreshed() throws {
        let s = try newSession(parameters: fastForgetting())
        let a = try s.receive(MemoryEvent(.user, "My brother Tom lives in Denver and works as a nurse.", time: at(0)))
        for k in 0..<8 { try s.receive(MemoryEvent(.assistant, "Here is a long reply number \(k) about the weather in Paris today.", time: at(1 + Double(k)))) }
        #expect(!s.verbalBuffer.turns.contains { $0.itemID == a.itemID })
        let before = s.strength(of: a.itemID!)!
        let context = try s.context(for: "Where does Tom live?", budget: 300)
        #expect(context.itemIDs.contains(a.itemID!))
        #expect(s.strength(of: a.itemID!)! > before)
    }

    @Test func fadedItemIsRecollectedByAStrongCue() throws {
        let s = try newSession(parameters: fastForgetting())
        let a = try s.receive(MemoryEvent(.user, "My brother Tom lives in Denver and works as a nurse.", time: at(0)))
        for k in 0..<40 { try s.receive(MemoryEvent(.assistant, "ok \(k)", time: at(1 + Double(k)))) }
        #expect(s.item(a.itemID!)!.status == .faded)
        let context = try s.context(for: "Where does my brother Tom live, Denver?", budget: 300)
        #expect(context.itemIDs.contains(a.itemID!))
        #expect(s.item(a.itemID!)!.status == .active)
    }
}
