import Foundation
import GRDB
import Testing
@testable import WorkingMemory

/// `MemorySession.forget`: what the caller forgets leaves every place it lived.
@Suite struct ForgetTests {
    /// Every text column of every table of the session, joined: where a forgotten text could hide.
    func storedText(_ store: MemoryStore) throws -> String {
        try store.reading(Namespace.defaultTenant, "test") { c in
            var all: [String] = []
            for (table, columns) in [("items", "text || coalesce(speaker, '') || metadata"), ("events", "text || coalesce(speaker, '') || metadata"),
                                     ("buffer", "text"), ("decisions", "note"), ("slots", "entity || attribute || coalesce(value, '')"),
                                     ("goals", "text || coalesce(result, '')"), ("steps", "text || coalesce(result, '')")] {
                all += try c.rows("SELECT \(columns) AS t FROM \(table)", []).compactMap { String.from($0.first) }
            }
            return all.joined(separator: "\n")
        }
    }

    @Test(arguments: TestBackend.allCases) func forgettingAnItemRemovesItsTextFromEveryTable(_ backend: TestBackend) throws {
        let store = try backend.store()
        let s = try newSession(store: store)
        let r = try s.receive(MemoryEvent(.user, "Remember: the gate code is 4411.", time: at(0)))
        try s.receive(MemoryEvent(.user, "My favourite colour is green.", time: at(1)))
        _ = try s.context(for: "what is the gate code", budget: 300)
        let report = try s.forget(.items([try #require(r.itemID)]))
        #expect(report.items == [r.itemID!])
        #expect(report.events == [r.eventSeq])
        let text = try storedText(store)
        #expect(!text.contains("4411"))
        #expect(text.contains("green"))
        #expect(!s.verbalBuffer.turns.contains { $0.text.contains("4411") })
        #expect(try s.recall("gate code 4411").allSatisfy { !$0.item.text.contains("4411") })
    }

    @Test(arguments: TestBackend.allCases) func anEventTheInputGateRejectedCanBeForgotten(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        let r = try s.receive(MemoryEvent(.user, "ok lol 4411", time: at(0)))
        #expect(r.outcome == .rejected)
        let report = try s.forget(.events([r.eventSeq]))
        #expect(report.events == [r.eventSeq])
        #expect(report.bufferedTurns == 1)
        #expect(try s.events().isEmpty)
        let c = try s.context(for: "which number did I say", budget: 300)
        #expect(!c.messages.contains { $0.content.contains("4411") })
    }

    @Test func aForgottenEventLeavesATombstoneSoTurnNumbersStayTrue() throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        do {
            let s = try MemorySession.begin(try namespace(), in: try MemoryStore(path: path), .empty)
            for k in 1...3 { try s.receive(MemoryEvent(.user, "turn number \(k) about topic \(k)", time: at(Double(k)))) }
            try s.forget(.events([2]))
        }
        let s = try MemorySession.begin(try namespace(), in: try MemoryStore(path: path), .restored)
        #expect(s.turn == 3)
        #expect(try s.events().map(\.seq) == [1, 3])
        let next = try s.receive(MemoryEvent(.user, "a fourth turn", time: at(4)))
        #expect(next.eventSeq == 4)
        let counts = try s.eventCounts()
        #expect(counts.received == 4)
        #expect(counts.forgotten == 1)
        let tombstone = try s.store.reading("test") { db in try Row.fetchOne(db, sql: "SELECT text, time, forgotten FROM events WHERE seq = 2") }
        #expect(tombstone?["text"] == "")
        #expect(tombstone?["time"] == at(2).timeIntervalSince1970)
        #expect((tombstone?["forgotten"] as Double?) != nil)
    }

    @Test(arguments: TestBackend.allCases) func matchingIsByWholeWordsNotBySubstring(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        let cat = try s.add("The cat sleeps on the sofa.")
        let a = try s.add("Buy a lamp for the hall.")
        let report = try s.forget(.matching("a"))
        #expect(report.items == [a.id])
        #expect(s.item(cat.id) != nil)
    }

    @Test(arguments: TestBackend.allCases) func matchingChineseFindsTheCharactersInARow(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        let trip = try s.add("我下周去上海开会。")
        let other = try s.add("海边很美，上面有云。")
        #expect(try s.forget(.matching("上海")).items == [trip.id])
        #expect(s.item(other.id) != nil)
    }

    @Test(arguments: TestBackend.allCases) func aFactExtractedFromAForgottenTurnIsForgottenWithItsHistory(_ backend: TestBackend) throws {
        let store = try backend.store()
        let s = try newSession(store: store)
        try s.receive(MemoryEvent(.user, "My favourite colour is green.", time: at(0)))
        let blue = try s.receive(MemoryEvent(.user, "Actually my favourite colour is blue.", time: at(1)))
        let key = SlotKey(entity: "user", attribute: "favourite colour")
        #expect(s.sketchpad.value(key) == .text("blue"))
        let report = try s.forget(.events([blue.eventSeq]))
        #expect(report.factVersions.count == 1)
        #expect(s.sketchpad.value(key) == nil)
        #expect(!(try storedText(store)).contains("blue"))
        #expect(s.items.allSatisfy { $0.metadata["superseded"] == nil })
        #expect(s.sketchpad.history(key).map(\.value) == [.text("green"), nil])
    }

    @Test(arguments: TestBackend.allCases) func aKeyWhoseEveryValueWasForgottenIsRemoved(_ backend: TestBackend) throws {
        let store = try backend.store()
        let s = try newSession(store: store)
        let r = try s.receive(MemoryEvent(.user, "My gate code is 4411.", time: at(0)))
        try s.forget(.events([r.eventSeq]))
        #expect(s.sketchpad.versions.isEmpty)
        #expect(!(try storedText(store)).contains("gate code"))
    }

    @Test(arguments: TestBackend.allCases) func matchingRedactsTheQueryTextsInTheTrace(_ backend: TestBackend) throws {
        let store = try backend.store()
        let s = try newSession(store: store)
        try s.add("Dinner at Mario's on Friday.")
        try s.add("The dentist appointment is on Monday.")
        _ = try s.context(for: "when is the dentist appointment", budget: 300)
        let report = try s.forget(.matching("dentist"))
        #expect(report.decisionNotes >= 1)
        #expect(!(try storedText(store)).contains("dentist"))
    }

    @Test(arguments: TestBackend.allCases) func aLimitRefusesABroadMatchAndChangesNothing(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        for k in 1...5 { try s.add("note \(k) about the garden") }
        #expect(throws: MemoryError.self) { try s.forget(.matching("garden"), atMost: 3) }
        #expect(s.items.count == 5)
        #expect(try s.forget(.matching("garden"), dryRun: true).items.count == 5)
        #expect(s.items.count == 5)
    }

    @Test(arguments: TestBackend.allCases) func aTimeRangeForgetsWhatHappenedInIt(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        for k in 0..<4 { try s.receive(MemoryEvent(.user, "Remember: appointment number \(k) at the clinic.", time: at(Double(k) * 60))) }
        let report = try s.forget(.between(at(50), at(130)))
        #expect(report.events == [2, 3])
        #expect(s.items.map(\.eventSeq) == [1, 4])
    }

    @Test(arguments: TestBackend.allCases) func anUnknownIdForgetsNothing(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        let kept = try s.add("keep me")
        #expect(throws: MemoryError.notFound("item 99 in session u/test/s; nothing was forgotten")) { try s.forget(.items([kept.id, 99])) }
        #expect(s.item(kept.id) != nil)
    }

    @Test(arguments: TestBackend.allCases) func deleteIsForgetting(_ backend: TestBackend) throws {
        let store = try backend.store()
        let s = try newSession(store: store)
        let r = try s.receive(MemoryEvent(.user, "Remember: locker 3318 holds the keys.", time: at(0)))
        try s.delete(try #require(r.itemID))
        #expect(!(try storedText(store)).contains("3318"))
    }

    @Test(arguments: TestBackend.allCases) func forgettingAUserDeletesEveryOneOfTheirSessionsOnly(_ backend: TestBackend) throws {
        let store = try backend.store()
        for (user, name) in [("ana", "a"), ("ana", "b"), ("bo", "a")] {
            try MemorySession.begin(try namespace(name, user: user), in: store, .empty).add("note of \(user) in \(name)")
        }
        let gone = try store.forgetUser("ana")
        #expect(gone.map(\.session).sorted() == ["a", "b"])
        #expect(try store.namespaces().map(\.user) == ["bo"])
        #expect(!(try storedText(store)).contains("ana"))
    }

    @Test(arguments: TestBackend.allCases) func theSearchIndexNoLongerKnowsAForgottenWord(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        try s.add("The cat sleeps on the sofa.")
        let before = try #require(s.state.episodic.index as? RetrieverIndex).vocabularySize
        let secret = try s.add("Locker zebracode 5521.")
        #expect(try #require(s.state.episodic.index as? RetrieverIndex).vocabularySize > before)
        try s.forget(.items([secret.id]))
        #expect(try #require(s.state.episodic.index as? RetrieverIndex).vocabularySize == before)
    }

    @Test func matchingForgetsAGoalWithItsPlanAndTheStepsOfOtherGoalsHoldingTheWords() throws {
        let store = try MemoryStore.inMemory()
        let s = try newSession(store: store)
        let trip = try s.pushGoal("Plan the trip to Porto")
        try s.addStep("book the flight", to: trip.id)
        let work = try s.pushGoal("Write the report")
        let kept = try s.addStep("collect the numbers", to: work.id)
        let hotel = try s.addStep("ask Ana about a hotel in Porto", to: work.id)
        let report = try s.forget(.matching("porto"))
        #expect(report.goals == [trip.id])
        #expect(report.steps.count == 2)
        #expect(report.steps.contains(hotel.id))
        #expect(s.executive.goals.map(\.id) == [work.id])
        #expect(s.executive.plan(of: work.id).map(\.id) == [kept.id])
        #expect(!(try storedText(store)).lowercased().contains("porto"))
        #expect(!(try storedText(store)).contains("book the flight"))
    }

    @Test func matchingForgetsAStepWhoseResultHoldsTheWords() throws {
        let s = try newSession()
        let g = try s.pushGoal("Find the locker")
        let step = try s.addStep("look in the hall", to: g.id)
        try s.updateStep(step.id, .done, result: "locker 3318 is by the door")
        let report = try s.forget(.matching("3318"))
        #expect(report.steps == [step.id])
        #expect(report.goals.isEmpty)
        #expect(s.executive.plan(of: g.id).isEmpty)
    }

    @Test func aStepAddedAfterAForgottenOneTakesTheNextPosition() throws {
        let s = try newSession()
        let g = try s.pushGoal("Cook dinner")
        try s.addStep("buy rice", to: g.id)
        try s.addStep("buy saffron", to: g.id)
        try s.addStep("boil water", to: g.id)
        try s.forget(.matching("saffron"))
        let next = try s.addStep("serve", to: g.id)
        #expect(s.executive.plan(of: g.id).map(\.position) == [0, 2, 3])
        #expect(next.position == 3)
    }

    @Test func aSubGoalOfAForgottenGoalStaysOnItsOwn() throws {
        let s = try newSession()
        let parent = try s.pushGoal("Move to Lisbon")
        let child = try s.pushGoal("Sell the car", parent: parent.id)
        #expect(try s.forget(.matching("lisbon")).goals == [parent.id])
        #expect(s.executive.goal(child.id)?.parentID == nil)
    }

    @Test func matchingForgetsAFactSetDirectlyWhoseEntityAttributeOrValueHoldsTheWords() throws {
        let store = try MemoryStore.inMemory()
        let s = try newSession(store: store)
        try s.setSlot(SlotKey(entity: "Ana", attribute: "city"), to: .text("Porto"))
        try s.setSlot(SlotKey(entity: "user", attribute: "locker code"), to: .text("3318"))
        try s.setSlot(SlotKey(entity: "user", attribute: "colour"), to: .text("green"))
        let dry = try s.forget(.matching("ana"), dryRun: true)
        #expect(dry.factVersions.count == 1)
        #expect(try s.forget(.matching("ana")).factVersions.count == 1)
        #expect(try s.forget(.matching("locker code")).factVersions.count == 1)
        #expect(try s.forget(.matching("3318"), dryRun: true).isEmpty)
        let text = try storedText(store)
        #expect(!text.contains("Porto") && !text.contains("Ana") && !text.contains("3318"))
        #expect(s.sketchpad.value(SlotKey(entity: "user", attribute: "colour")) == .text("green"))
    }

    @Test func theLimitCountsGoalsStepsAndFacts() throws {
        let s = try newSession()
        let g = try s.pushGoal("Garden work")
        for k in 1...3 { try s.addStep("garden task \(k)", to: g.id) }
        #expect(throws: MemoryError.self) { try s.forget(.matching("garden"), atMost: 3) }
        #expect(s.executive.steps.count == 3)
        let dry = try s.forget(.matching("garden"), dryRun: true)
        #expect(dry.goals == [g.id])
        #expect(dry.steps.count == 3)
        #expect(s.executive.goals.count == 1)
    }
}
