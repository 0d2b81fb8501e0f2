import Foundation
import Testing
@testable import WorkingMemory

@Suite struct SketchpadTests {
    let city = SlotKey(entity: "user", attribute: "city")

    @Test(arguments: TestBackend.allCases) func newValueSupersedesTheOldOneWhichIsKept(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        try s.receive(MemoryEvent(.user, "hello there", time: at(0)))
        try s.setSlot(city, to: .text("Paris"))
        try s.receive(MemoryEvent(.user, "hello again", time: at(5)))
        try s.setSlot(city, to: .text("Lyon"))
        #expect(s.sketchpad.value(city) == .text("Lyon"))
        let history = s.sketchpad.history(city)
        #expect(history.map(\.value) == [.text("Paris"), .text("Lyon")])
        #expect(history[0].validTo == at(5))
        #expect(history[0].supersededTurn == 2)
        #expect(history[1].validTo == nil)
    }

    @Test(arguments: TestBackend.allCases) func deleteLeavesATombstoneAndKeepsHistory(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        try s.setSlot(city, to: .text("Paris"))
        try s.deleteSlot(city)
        #expect(s.sketchpad.value(city) == nil)
        #expect(s.sketchpad.history(city).count == 2)
    }

    @Test(arguments: TestBackend.allCases) func listsAppendAndRemove(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        let k = SlotKey(attribute: "shopping")
        try s.appendToSlot(k, "milk")
        try s.appendToSlot(k, "eggs")
        try s.removeFromSlot(k, "milk")
        #expect(s.sketchpad.value(k) == .list(["eggs"]))
        #expect(try s.removeFromSlot(k, "bread") == nil)
    }

    @Test(arguments: TestBackend.allCases) func settingTheSameValueAddsNoVersion(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        try s.setSlot(city, to: .text("Paris"))
        #expect(try s.setSlot(city, to: .text("Paris")) == nil)
        #expect(s.sketchpad.versions.count == 1)
    }

    @Test(arguments: TestBackend.allCases) func factsInTurnsUpdateTheSketchpadWithTheSupersedingEvent(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        try s.receive(MemoryEvent(.user, "My favourite colour is blue.", time: at(0)))
        let r = try s.receive(MemoryEvent(.user, "Actually my favourite colour is green now.", time: at(1)))
        let key = SlotKey(entity: "user", attribute: "favourite colour")
        #expect(s.sketchpad.value(key) == .text("green"))
        let old = s.sketchpad.history(key)[0]
        #expect(old.value == .text("blue"))
        #expect(old.supersededEvent == r.eventSeq)
        #expect(try s.decisions().contains { $0.outcome == .superseded })
    }

    @Test(arguments: TestBackend.allCases) func chineseFactsUpdateTheSketchpad(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        try s.receive(MemoryEvent(.user, "我住在北京。", time: at(0)))
        try s.receive(MemoryEvent(.user, "我搬到上海了。", time: at(1)))
        #expect(s.sketchpad.value(SlotKey(entity: "user", attribute: "住在")) == .text("上海"))
        #expect(s.sketchpad.history(SlotKey(entity: "user", attribute: "住在")).count == 2)
    }
}

@Suite struct ContradictionTests {
    @Test(arguments: TestBackend.allCases) func turnStatingASupersededValueIsLabelledAndRanksBelowTheNewOne(_ backend: TestBackend) throws {
        var p = GateParameters()
        p.verbalBufferTokens = 10
        let s = try newSession(store: try backend.store(), parameters: p)
        let old = try s.receive(MemoryEvent(.user, "My favourite colour is blue.", time: at(0)))
        let new = try s.receive(MemoryEvent(.user, "My favourite colour is green now.", time: at(1)))
        for k in 0..<3 { try s.receive(MemoryEvent(.user, "Unrelated chat number \(k) about trains and the weather.", time: at(2 + Double(k)))) }
        #expect(s.item(old.itemID!)!.metadata["superseded"] == "user.favourite colour is now green")
        let c = try s.context(for: "What is my favourite colour?", budget: 400)
        let lines = c.section(.memories).lines
        let newIndex = try #require(lines.firstIndex { $0.itemID == new.itemID })
        let oldIndex = try #require(lines.firstIndex { $0.itemID == old.itemID })
        #expect(newIndex < oldIndex)
        #expect(lines[oldIndex].text.contains("(outdated: user.favourite colour is now green)"))
    }
}
