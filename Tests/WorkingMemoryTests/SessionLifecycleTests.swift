import Foundation
import Testing
@testable import WorkingMemory

@Suite struct SessionLifecycleTests {
    @Test func beginEmptyRefusesAnExistingSession() throws {
        let store = try MemoryStore.inMemory()
        _ = try MemorySession.begin(try namespace(), in: store, .empty)
        #expect(throws: MemoryError.self) { try MemorySession.begin(try namespace(), in: store, .empty) }
    }

    @Test func beginRestoredFailsForAnUnknownSession() throws {
        let store = try MemoryStore.inMemory()
        #expect(throws: MemoryError.self) { try MemorySession.begin(try namespace("nope"), in: store, .restored) }
    }

    @Test func preloadedSessionStartsWithItsFactsAndNotes() throws {
        let store = try MemoryStore.inMemory()
        let s = try MemorySession.begin(try namespace(), in: store, .preloaded([
            .fact(SlotKey(entity: "user", attribute: "city"), .text("Lyon")), .note("Ana is vegetarian", pinned: true),
        ]))
        #expect(s.sketchpad.value(SlotKey(entity: "user", attribute: "city")) == .text("Lyon"))
        #expect(s.items.map(\.text) == ["Ana is vegetarian"])
        #expect(s.items[0].pinned)
    }

    @Test func receiveLogsEveryEventEvenWhenNotAdmitted() throws {
        let s = try newSession()
        try s.receive(MemoryEvent(.user, "ok thanks", time: at(0)))
        try s.receive(MemoryEvent(.user, "My sister Maria is getting married in Porto on June 14.", time: at(1)))
        #expect(try s.events().count == 2)
        #expect(s.turn == 2)
        #expect(s.verbalBuffer.turns.count == 2)
    }

    @Test func emptyTextIsRejectedAndNothingIsStored() throws {
        let s = try newSession()
        #expect(throws: MemoryError.self) { try s.receive(MemoryEvent(.user, "   \n", time: at(0))) }
        #expect(try s.events().isEmpty)
        #expect(s.turn == 0)
    }

    @Test func clearWorkingStateKeepsItemsAndFacts() throws {
        let s = try newSession()
        try s.receive(MemoryEvent(.user, "My favourite colour is green and I am allergic to peanuts.", time: at(0)))
        let goal = try s.pushGoal("plan the trip")
        try s.addStep("book a hotel", to: goal.id)
        try s.clear(.workingState)
        #expect(s.verbalBuffer.turns.isEmpty)
        #expect(s.executive.goals.isEmpty)
        #expect(s.items.count == 1)
        #expect(!s.sketchpad.slots.isEmpty)
    }

    @Test func clearEverythingEmptiesTheSession() throws {
        let s = try newSession()
        try s.receive(MemoryEvent(.user, "My favourite colour is green and I am allergic to peanuts.", time: at(0)))
        try s.clear(.everything)
        #expect(s.items.isEmpty)
        #expect(s.sketchpad.versions.isEmpty)
        #expect(try s.events().isEmpty)
        #expect(try s.decisions().isEmpty)
        #expect(s.turn == 0)
    }

    @Test func executivePlanStepsKeepStatusAndResults() throws {
        let s = try newSession()
        let goal = try s.pushGoal("answer the user's tax question")
        let a = try s.addStep("find the 2024 rate", to: goal.id)
        let b = try s.addStep("compute the amount", to: goal.id)
        try s.updateStep(a.id, .done, result: "rate is 19%")
        #expect(s.executive.plan(of: goal.id).map(\.status) == [.done, .pending])
        #expect(s.executive.step(a.id)?.result == "rate is 19%")
        #expect(s.executive.plan(of: goal.id).map(\.id) == [a.id, b.id])
        let sub = try s.pushGoal("check the deadline", parent: goal.id)
        #expect(s.executive.currentGoal?.id == sub.id)
        try s.closeGoal(sub.id, .done, result: "April 30")
        #expect(s.executive.currentGoal?.id == goal.id)
    }
}
