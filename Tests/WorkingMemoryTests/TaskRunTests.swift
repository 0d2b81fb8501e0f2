import Foundation
import Testing
@testable import WorkingMemory

/// A tool-calling fake: records every conversation it got and answers from a closure over it.
final class ScriptedToolModel: ToolCallingModel, @unchecked Sendable {
    let lock = NSLock()
    var received: [(messages: [ModelMessage], tools: [ToolSpec])] = []
    let answer: @Sendable ([ModelMessage], [ToolSpec]) throws -> ModelReply

    init(_ answer: @escaping @Sendable ([ModelMessage], [ToolSpec]) throws -> ModelReply) { self.answer = answer }

    func reply(to messages: [ModelMessage], tools: [ToolSpec], onText: (@Sendable (String) -> Void)?) async throws -> ModelReply {
        lock.withLock { received.append((messages, tools)) }
        let r = try answer(messages, tools)
        onText?(r.text)
        return r
    }

    var calls: [(messages: [ModelMessage], tools: [ToolSpec])] { lock.withLock { received } }
}

/// Plans two steps, answers each step with its number, then the answer with the results it saw.
func planner() -> ScriptedToolModel {
    ScriptedToolModel { messages, _ in
        let ask = messages.last?.content ?? ""
        if ask.contains("Write a plan") { return ModelReply(text: "1. Find the city\n2. Find the date\n", promptTokens: 40) }
        if ask.contains("Do step 1") { return ModelReply(text: "Porto") }
        if ask.contains("Do step 2") { return ModelReply(text: "June 14") }
        return ModelReply(text: "The wedding is in Porto on June 14.")
    }
}

@Suite struct TaskRunTests {
    @Test func theExecutiveKeepsTheGoalThePlanAndEachStepsResult() async throws {
        let s = try newSession()
        let run = try await s.runTask("Where and when is Maria's wedding?", with: planner(), budget: 400)
        #expect(run.steps.map(\.text) == ["Find the city", "Find the date"])
        #expect(run.steps.map(\.result) == ["Porto", "June 14"])
        #expect(run.steps.allSatisfy { $0.status == .done })
        #expect(run.goal.status == .done)
        #expect(run.goal.result == "The wedding is in Porto on June 14.")
        #expect(s.executive.goal(run.goal.id)?.status == .done)
    }

    @Test func eachStepSeesThePlanStateWithEarlierResultsNotTheEarlierCalls() async throws {
        let s = try newSession()
        let model = planner()
        _ = try await s.runTask("Where and when is Maria's wedding?", with: model, budget: 400)
        let step2 = try #require(model.calls.first { $0.messages.last?.content.contains("Do step 2") == true }).messages
        let text = step2.map(\.content).joined(separator: "\n")
        #expect(text.contains("[done] Find the city -> Porto"))
        #expect(text.contains("[running] Find the date"))
        #expect(!text.contains("Write a plan"))
        #expect(!text.contains("Do step 1"))
    }

    @Test func everyCallStaysWithinTheBudgetAndIsCounted() async throws {
        let s = try newSession()
        for i in 0..<30 { try s.receive(MemoryEvent(.user, "Note \(i): the meeting room \(i) has \(i + 3) chairs and a whiteboard.", time: at(Double(i)))) }
        let budget = 160
        let run = try await s.runTask("Which room has seven chairs?", with: planner(), budget: budget)
        #expect(run.calls.map(\.purpose) == ["plan", "step 1", "step 2", "answer"])
        for call in run.calls { #expect(call.tokensSent <= budget, "\(call.purpose): \(call.tokensSent)") }
        #expect(run.calls[0].promptTokens == 40)
    }

    @Test func aLaterTaskRecallsWhatAnEarlierTaskAnswered() async throws {
        let s = try newSession()
        _ = try await s.runTask("Where and when is Maria's wedding?", with: planner(), budget: 400)
        let second = planner()
        _ = try await s.runTask("Book a hotel for Maria's wedding", with: second, budget: 400)
        let planCall = second.calls[0].messages.map(\.content).joined(separator: "\n")
        #expect(planCall.contains("Porto on June 14"))
    }

    @Test func aFailingModelMarksTheGoalFailedAndKeepsTheResultsReached() async throws {
        struct Down: Error {}
        let s = try newSession()
        let model = ScriptedToolModel { messages, _ in
            let ask = messages.last?.content ?? ""
            if ask.contains("Write a plan") { return ModelReply(text: "1. one\n2. two") }
            if ask.contains("Do step 1") { return ModelReply(text: "first result") }
            throw Down()
        }
        await #expect(throws: Down.self) { try await s.runTask("a task", with: model, budget: 300) }
        let goal = try #require(s.executive.goals.last)
        #expect(goal.status == .failed)
        #expect(s.executive.plan(of: goal.id).first?.result == "first result")
    }

    @Test func aPlanWithoutNumberedLinesBecomesOneStep() async throws {
        let s = try newSession()
        let model = ScriptedToolModel { _, _ in ModelReply(text: "Sure, I will just do it.") }
        let run = try await s.runTask("Say hello", with: model, budget: 300)
        #expect(run.steps.map(\.text) == ["Say hello"])
    }

    @Test func planLinesTakeNumberedAndBulletedLinesOnly() {
        #expect(MemorySession.planLines("Plan:\n1. a\n2) b\n- c\n* d\n10. e\nno") == ["a", "b", "c", "d", "e"])
    }

    @Test func badLimitsAreRefusedBeforeAnyCall() async throws {
        let s = try newSession()
        let model = planner()
        await #expect(throws: MemoryError.self) { try await s.runTask("  ", with: model, budget: 300) }
        await #expect(throws: MemoryError.self) { try await s.runTask("x", with: model, budget: 300, maxSteps: 0) }
        #expect(model.calls.isEmpty)
    }
}

/// Two tools over a counter, to watch the loop run calls.
struct CountingTools: ToolProvider {
    let counter = Counter()
    final class Counter: @unchecked Sendable { var calls: [String] = [] }
    var tools: [ToolSpec] { [ToolSpec(name: "add", description: "adds", parametersJSON: #"{"type":"object"}"#)] }
    func call(_ name: String, argumentsJSON: String) async -> ToolOutcome {
        counter.calls.append(argumentsJSON)
        return ToolOutcome("sum is 5")
    }
}

@Suite struct ConverseTests {
    @Test func toolCallsRunTheirResultsGoBackAndEachLandsInTheTrace() async throws {
        let s = try newSession()
        let tools = CountingTools()
        let model = ScriptedToolModel { messages, offered in
            if messages.last?.role == .tool { return ModelReply(text: "It is \(messages.last!.content).") }
            return ModelReply(text: "", toolCalls: [ModelToolCall(id: "c1", name: "add", argumentsJSON: #"{"a":2,"b":3}"#)])
        }
        let exchange = try await s.converse([ModelMessage(.user, "2+3?")], with: model, tools: tools)
        #expect(exchange.text == "It is sum is 5.")
        #expect(tools.counter.calls == [#"{"a":2,"b":3}"#])
        let second = model.calls[1].messages
        #expect(second.suffix(2).map(\.role) == [.assistant, .tool])
        #expect(second.last?.toolCallID == "c1")
        let toolEvents = try s.events().filter { $0.event.role == .tool }
        #expect(toolEvents.count == 1)
        #expect(toolEvents[0].event.metadata["tool"] == "add")
        #expect(toolEvents[0].event.text.contains("sum is 5"))
        #expect(exchange.toolCalls.first?.eventSeq == toolEvents[0].seq)
    }

    @Test func theLastRoundOffersNoToolsSoTheModelMustAnswer() async throws {
        let s = try newSession()
        let model = ScriptedToolModel { _, offered in
            offered.isEmpty ? ModelReply(text: "done") : ModelReply(text: "", toolCalls: [ModelToolCall(id: "c", name: "add", argumentsJSON: "{}")])
        }
        let exchange = try await s.converse([ModelMessage(.user, "loop forever")], with: model, tools: CountingTools(), maxRounds: 3)
        #expect(exchange.text == "done")
        #expect(model.calls.map(\.tools.count) == [1, 1, 0])
        #expect(exchange.toolCalls.count == 2)
    }

    @Test func toolResultsAreCutSoNoRequestExceedsTheBudget() async throws {
        struct Verbose: ToolProvider {
            var tools: [ToolSpec] { [ToolSpec(name: "dump", description: "a lot", parametersJSON: #"{"type":"object"}"#)] }
            func call(_ name: String, argumentsJSON: String) async -> ToolOutcome { ToolOutcome(String(repeating: "word ", count: 2000)) }
        }
        let s = try newSession()
        let model = ScriptedToolModel { messages, _ in
            messages.last?.role == .tool ? ModelReply(text: "ok") : ModelReply(text: "", toolCalls: [ModelToolCall(id: "c", name: "dump", argumentsJSON: "{}")])
        }
        let exchange = try await s.converse([ModelMessage(.user, "dump it")], with: model, tools: Verbose(), budget: 200)
        #expect(exchange.calls.map(\.tokensSent).allSatisfy { $0 <= 200 }, "\(exchange.calls)")
        #expect(model.calls[1].messages.last?.content.hasSuffix("(cut: over the token budget)") == true)
    }

    @Test func aCallToAnUnknownToolIsAnErrorTheModelSees() async throws {
        let s = try newSession()
        let model = ScriptedToolModel { messages, _ in
            messages.last?.role == .tool ? ModelReply(text: messages.last!.content)
                : ModelReply(text: "", toolCalls: [ModelToolCall(id: "c", name: "launch_rockets", argumentsJSON: "{}")])
        }
        let exchange = try await s.converse([ModelMessage(.user, "go")], with: model, tools: CountingTools())
        #expect(exchange.toolCalls.first?.outcome.isError == true)
        #expect(exchange.text.contains("no tool named 'launch_rockets'"))
    }
}
