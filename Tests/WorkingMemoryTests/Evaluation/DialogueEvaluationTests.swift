import Foundation
import Testing
@testable import WorkingMemory

@Suite struct DialogueEvaluationTests {
    /// A conversation whose one telling turn comes early, buried under 60 turns of chatter.
    static func conversation() -> ([EvaluationItem], [EvaluationQuery]) {
        var items = [EvaluationItem(id: "D1:1", group: "c1", text: "Ana: My sister Maria is getting married in Porto on June 14.",
                                    date: at(0), speaker: "Ana", session: "1", caption: nil)]
        for i in 2...61 {
            items.append(EvaluationItem(id: "D1:\(i)", group: "c1", text: "Ben: Today I walked the dog around the lake number \(i) and it rained again.",
                                        date: at(Double(i)), speaker: "Ben", session: "1", caption: nil))
        }
        let q = EvaluationQuery(id: "q1", group: "c1", question: "Where is Maria getting married?", date: nil, evidence: ["D1:1"], category: 4, evaluated: true)
        let skipped = EvaluationQuery(id: "q2", group: "c1", question: "adversarial?", date: nil, evidence: ["D1:1"], category: 5, evaluated: true)
        return (items, [q, skipped])
    }

    @Test func theMemoryBringsBackAnEarlyTurnThatTheLastTurnsMiss() throws {
        let (items, queries) = Self.conversation()
        let rows = try DialogueEvaluation(budgets: [200]).run(items: items, queries: queries)
        let memory = try #require(rows.first { $0.strategy == "memory" })
        let last = try #require(rows.first { $0.strategy == "last turns" })
        let whole = try #require(rows.first { $0.strategy == "whole conversation" })
        #expect(memory.recall == 1)
        #expect(last.recall == 0)
        #expect(whole.recall == 1)
        #expect(memory.questions == 1)  // category 5 is left out
        #expect(memory.meanTokens <= 200 && last.meanTokens <= 200)
        #expect(whole.meanTokens > 5 * memory.meanTokens)
    }

    @Test func lastTurnsFillTheBudgetFromTheEnd() throws {
        let (items, queries) = Self.conversation()
        let rows = try DialogueEvaluation(budgets: [100_000]).run(items: items, queries: queries)
        let last = try #require(rows.first { $0.strategy == "last turns" })
        let whole = try #require(rows.first { $0.strategy == "whole conversation" })
        #expect(last.recall == 1)
        #expect(last.meanTokens == whole.meanTokens)
    }

    @Test func aBadBudgetIsRefused() {
        let (items, queries) = Self.conversation()
        #expect(throws: MemoryError.self) { try DialogueEvaluation(budgets: [0]).run(items: items, queries: queries) }
    }
}
