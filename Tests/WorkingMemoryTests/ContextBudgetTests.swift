import Foundation
import Testing
@testable import WorkingMemory
import Neural  // SeededGenerator (SplitMix64): a failing random case can be replayed from its seed

@Suite struct ContextBudgetTests {
    static let english = ["my", "sister", "Maria", "moved", "to", "Porto", "in", "June", "and", "she", "loves", "painting",
                          "the", "meeting", "is", "at", "3pm", "on", "Friday", "budget", "42,000", "dollars", "hiking",
                          "supercalifragilistic", "—", "(really)", "café", "emoji🙂", "I", "prefer", "green", "tea"]
    static let chinese = ["我", "妹妹", "玛丽亚", "六月", "搬到", "了", "波尔图", "她", "喜欢", "画画", "会议", "在", "星期五",
                          "下午三点", "预算", "四万二", "我们", "打算", "去", "爬山", "，", "。", "绿茶"]

    static func sentence(_ rng: inout SeededGenerator) -> String {
        let zh = Bool.random(using: &rng)
        let words = zh ? chinese : english
        let n = Int.random(in: 1...40, using: &rng)
        return (0..<n).map { _ in words.randomElement(using: &rng)! }.joined(separator: zh ? "" : " ")
    }

    @Test(arguments: TestBackend.allCases) func assembledContextNeverExceedsTheBudget(_ backend: TestBackend) throws {
        var rng = SeededGenerator(seed: 7)
        for round in 0..<12 {
            let s = try newSession("r\(round)", store: try backend.store())
            for k in 0..<Int.random(in: 5...60, using: &rng) {
                let role: MemoryEvent.Role = [.user, .assistant, .tool, .observation].randomElement(using: &rng)!
                try s.receive(MemoryEvent(role, Self.sentence(&rng), time: at(Double(k)), remember: k % 7 == 0))
            }
            let goal = try s.pushGoal(Self.sentence(&rng))
            try s.addStep(Self.sentence(&rng), to: goal.id)
            try s.setSlot(SlotKey(entity: "user", attribute: "note"), to: .text(Self.sentence(&rng)))
            for _ in 0..<8 {
                let query = Self.sentence(&rng)
                let budget = Int.random(in: 60...900, using: &rng)
                guard let context = try? s.context(for: query, budget: budget) else {
                    // Only a query larger than the budget may be refused.
                    #expect(s.counter.count(query) + 4 > budget)
                    continue
                }
                let counted = context.messages.reduce(0) { $0 + s.counter.count($1.content) + 4 }
                #expect(counted <= budget, "round \(round): \(counted) > \(budget)")
                #expect(context.tokens == counted)
                #expect(context.messages.last == ChatMessage(.user, query))
            }
        }
    }

    @Test(arguments: TestBackend.allCases) func budgetHoldsForAnyCounterEvenANonAdditiveOne(_ backend: TestBackend) throws {
        // Charges 3 tokens per newline on top of the estimate: the assembler must re-check the rendered messages.
        struct NewlineHeavy: TokenCounter {
            func count(_ text: String) -> Int { EstimatedTokenCounter().count(text) + 3 * text.filter { $0 == "\n" }.count }
        }
        let s = try MemorySession.begin(try namespace(), in: try backend.store(), .empty, counter: NewlineHeavy())
        for k in 0..<30 { try s.receive(MemoryEvent(.user, "Fact \(k): Maria painted a sunrise over the lake in Porto.", time: at(Double(k)))) }
        for k in 0..<10 { try s.setSlot(SlotKey(entity: "user", attribute: "fact \(k)"), to: .text("value \(k)")) }
        for budget in stride(from: 40, through: 600, by: 37) {
            let c = try s.context(for: "What did Maria paint?", budget: budget)
            #expect(c.tokens <= budget)
        }
    }

    @Test(arguments: TestBackend.allCases) func contextHasTheFourSectionsWithRelevantMemoryFirst(_ backend: TestBackend) throws {
        var p = GateParameters()
        p.verbalBufferTokens = 30
        let s = try newSession(store: try backend.store(), parameters: p)
        try s.receive(MemoryEvent(.user, "My sister Maria is getting married in Porto on June 14.", time: at(0)))
        for k in 0..<10 { try s.receive(MemoryEvent(.user, "We talked about football match number \(k) yesterday evening.", time: at(1 + Double(k)))) }
        let goal = try s.pushGoal("plan the wedding trip")
        try s.addStep("book flights to Porto", to: goal.id)
        try s.setSlot(SlotKey(entity: "user", attribute: "home"), to: .text("Berlin"))
        let c = try s.context(for: "When is Maria's wedding?", budget: 400)
        #expect(c.section(.goals).lines.first?.text.contains("plan the wedding trip") == true)
        #expect(c.section(.facts).lines.map(\.text) == ["- user.home: Berlin"])
        #expect(c.section(.memories).lines.first?.text.contains("married in Porto") == true)
        #expect(!c.section(.recentTurns).lines.isEmpty)
        #expect(c.messages.first?.role == .system)
    }

    @Test(arguments: TestBackend.allCases) func querySmallerBudgetIsAClearError(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        #expect(throws: MemoryError.self) { try s.context(for: "a rather long question about many things", budget: 3) }
        #expect(throws: MemoryError.self) { try s.context(for: "", budget: 300) }
    }

    @Test func estimatedCounterCountsChineseByCharacter() {
        let c = EstimatedTokenCounter()
        #expect(c.count("") == 0)
        #expect(c.count("我们打算去爬山") >= 7)
        #expect(c.count("hello world") >= 2 && c.count("hello world") <= 4)
    }
}
