import Foundation
import Testing
@testable import WorkingMemory

@Suite struct SessionLifecycleTests {
    @Test(arguments: TestBackend.allCases) func beginEmptyRefusesAnExistingSession(_ backend: TestBackend) throws {
        let store = try backend.store()
        _ = try MemorySession.begin(try namespace(), in: store, .empty)
        #expect(throws: MemoryError.self) { try MemorySession.begin(try namespace(), in: store, .empty) }
    }

    @Test(arguments: TestBackend.allCases) func beginRestoredFailsForAnUnknownSession(_ backend: TestBackend) throws {
        let store = try backend.store()
        #expect(throws: MemoryError.self) { try MemorySession.begin(try namespace("nope"), in: store, .restored) }
    }

    @Test(arguments: TestBackend.allCases) func preloadedSessionStartsWithItsFactsAndNotes(_ backend: TestBackend) throws {
        let store = try backend.store()
        let s = try MemorySession.begin(try namespace(), in: store, .preloaded([
            .fact(SlotKey(entity: "user", attribute: "city"), .text("Lyon")), .note("Ana is vegetarian", pinned: true),
        ]))
        #expect(s.sketchpad.value(SlotKey(entity: "user", attribute: "city")) == .text("Lyon"))
        #expect(s.items.map(\.text) == ["Ana is vegetarian"])
        #expect(s.items[0].pinned)
    }

    @Test(arguments: TestBackend.allCases) func receiveLogsEveryEventEvenWhenNotAdmitted(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        try s.receive(MemoryEvent(.user, "ok thanks", time: at(0)))
        try s.receive(MemoryEvent(.user, "My sister Maria is getting married in Porto on June 14.", time: at(1)))
        #expect(try s.events().count == 2)
        #expect(s.turn == 2)
        #expect(s.verbalBuffer.turns.count == 2)
    }

    @Test(arguments: TestBackend.allCases) func emptyTextIsRejectedAndNothingIsStored(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        #expect(throws: MemoryError.self) { try s.receive(MemoryEvent(.user, "   \n", time: at(0))) }
        #expect(try s.events().isEmpty)
        #expect(s.turn == 0)
    }

    @Test(arguments: TestBackend.allCases) func clearWorkingStateKeepsItemsAndFacts(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        try s.receive(MemoryEvent(.user, "My favourite colour is green and I am allergic to peanuts.", time: at(0)))
        let goal = try s.pushGoal("plan the trip")
        try s.addStep("book a hotel", to: goal.id)
        try s.clear(.workingState)
        #expect(s.verbalBuffer.turns.isEmpty)
        #expect(s.executive.goals.isEmpty)
        #expect(s.items.count == 1)
        #expect(!s.sketchpad.slots.isEmpty)
    }

    @Test(arguments: TestBackend.allCases) func clearEverythingEmptiesTheSession(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        try s.receive(MemoryEvent(.user, "My favourite colour is green and I am allergic to peanuts.", time: at(0)))
        try s.clear(.everything)
        #expect(s.items.isEmpty)
        #expect(s.sketchpad.versions.isEmpty)
        #expect(try s.events().isEmpty)
        #expect(try s.decisions().isEmpty)
        #expect(s.turn == 0)
    }

    @Test(arguments: TestBackend.allCases) func executivePlanStepsKeepStatusAndResults(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
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
