import Foundation
import Testing
@testable import WorkingMemory

/// A fake chat model: records the messages it got and answers from a script.
final class FakeModel: LanguageModel, @unchecked Sendable {
    let lock = NSLock()
    var received: [[ChatMessage]] = []
    let answer: String

    init(answer: String) { self.answer = answer }

    func complete(_ messages: [ChatMessage]) async throws -> String {
        lock.withLock { received.append(messages) }
        return answer
    }
}

@Suite struct ExecuteTests {
    @Test func executeSendsTheContextAndReceivesTheAnswer() async throws {
        let s = try newSession()
        try s.receive(MemoryEvent(.user, "My sister Maria is getting married in Porto on June 14.", time: at(0)))
        let model = FakeModel(answer: "Maria's wedding is on June 14 in Porto.")
        let result = try await s.execute("When is Maria's wedding?", with: model, budget: 300)
        #expect(result.answer == "Maria's wedding is on June 14 in Porto.")
        let sent = model.received[0]
        #expect(sent.last == ChatMessage(.user, "When is Maria's wedding?"))
        #expect(sent.contains { $0.content.contains("June 14") })
        let roles = try s.events().suffix(2).map(\.event.role)
        #expect(roles == [.user, .assistant])
        #expect(s.verbalBuffer.turns.last?.text == "Maria's wedding is on June 14 in Porto.")
    }

    @Test func failingModelReceivesNothing() async throws {
        struct Broken: LanguageModel {
            struct Down: Error {}
            func complete(_ messages: [ChatMessage]) async throws -> String { throw Down() }
        }
        let s = try newSession()
        await #expect(throws: (any Error).self) { try await s.execute("hello?", with: Broken(), budget: 100) }
        #expect(try s.events().isEmpty)
    }
}
