import Foundation
import MCP
import Server
import Testing
import WorkingMemory

/// Bad tool calls come back as tool errors (`isError: true`) with a message that says what was wrong, and store
/// nothing; the server keeps serving.
@Suite struct MCPBadCallTests {
    /// Calls `name` with `arguments`, expects a tool error whose text contains `message`, and that nothing was stored.
    func expectRefused(_ name: String, _ arguments: [String: Value], saying message: String,
                       prepare: (InProcessMCP) async throws -> Void = { _ in }) async throws {
        let session = try freshSession()
        let mcp = try await InProcessMCP(session)
        defer { Task { await mcp.close() } }
        try await prepare(mcp)
        let before = (session.turn, session.items.count, session.sketchpad.versions.count, session.executive)
        let r = try await mcp.call(name, arguments)
        #expect(r.isError, "\(name) \(arguments) was accepted: \(r.text)")
        #expect(r.text.contains(message), "message was: \(r.text)")
        #expect(session.turn == before.0 && session.items.count == before.1)
        #expect(session.sketchpad.versions.count == before.2 && session.executive == before.3)
        // The connection still serves.
        let (tools, _) = try await mcp.client.listTools()
        #expect(tools.count == 9)
    }

    @Test func rememberWithoutTextIsRefused() async throws {
        try await expectRefused("remember", ["role": "user"], saying: "remember: 'text' is required (a string)")
    }

    @Test func rememberWithEmptyTextIsRefused() async throws {
        try await expectRefused("remember", ["text": "   "], saying: "remember: invalid argument: event text is empty; nothing was stored")
    }

    @Test func rememberWithANULCharacterIsRefusedBecauseTheDatabaseWouldCutTheText() async throws {
        try await expectRefused("remember", ["text": "before\u{0}after"],
                                saying: "remember: 'text' must be a string without NUL characters (U+0000), got a string with one; remove it")
    }

    @Test func rememberWithATextOverAMegabyteIsRefused() async throws {
        try await expectRefused("remember", ["text": .string(String(repeating: "memory ", count: 150_000))],
                                saying: "remember: invalid argument: event text has 1050000 bytes, more than 1000000; split it")
    }

    @Test func rememberWithANumberForTextIsRefused() async throws {
        try await expectRefused("remember", ["text": 42], saying: "remember: 'text' must be a string, got the integer 42")
    }

    @Test func rememberWithAnUnknownRoleIsRefused() async throws {
        try await expectRefused("remember", ["text": "hello there", "role": "system"],
                                saying: "remember: 'role' must be one of: user, assistant, tool, observation, got the string \"system\"")
    }

    @Test func rememberWithAStringForPinIsRefused() async throws {
        try await expectRefused("remember", ["text": "hello there", "pin": "yes"], saying: "'pin' must be true or false")
    }

    @Test func recallWithALimitOfZeroIsRefused() async throws {
        try await expectRefused("recall", ["query": "x", "limit": 0], saying: "recall: 'limit' must be an integer in 1...50, got 0")
    }

    @Test func recallWithALimitAsTextIsRefused() async throws {
        try await expectRefused("recall", ["query": "x", "limit": "3"], saying: "'limit' must be an integer in 1...50, got the string \"3\"")
    }

    @Test func getContextWithABudgetOfZeroIsRefused() async throws {
        try await expectRefused("get_context", ["query": "What now?", "budget": 0], saying: "'budget' must be an integer in 1...1000000, got 0")
    }

    @Test func getContextWithANegativeBudgetIsRefused() async throws {
        try await expectRefused("get_context", ["query": "What now?", "budget": -5], saying: "got -5")
    }

    @Test func getContextWithAnAbsurdBudgetIsRefused() async throws {
        try await expectRefused("get_context", ["query": "What now?", "budget": 1e12], saying: "'budget' must be an integer in 1...1000000")
    }

    @Test func getContextWithoutABudgetIsRefused() async throws {
        try await expectRefused("get_context", ["query": "What now?"], saying: "get_context: 'budget' is required")
    }

    @Test func getContextWithAnEmptyQueryIsRefused() async throws {
        try await expectRefused("get_context", ["query": "", "budget": 100], saying: "get_context: invalid argument: query is empty")
    }

    @Test func forgetOfAnUnknownItemIsRefused() async throws {
        try await expectRefused("forget", ["item_id": 99], saying: "forget: not found: item 99 in session u/test/s")
    }

    @Test func explainOfAnUnknownItemIsRefused() async throws {
        try await expectRefused("explain", ["item_id": 7], saying: "explain: not found: item 7")
    }

    @Test func setFactWithAnObjectValueIsRefused() async throws {
        try await expectRefused("set_fact", ["entity": "user", "attribute": "city", "value": ["name": "Porto"]],
                                saying: "'value' must be a string, a number or an array of strings, got an object")
    }

    @Test func setFactWithAnEmptyEntityIsRefused() async throws {
        try await expectRefused("set_fact", ["entity": " ", "attribute": "city", "value": "Porto"],
                                saying: "set_fact: invalid argument: slot entity and attribute must not be empty")
    }

    @Test func pushGoalWithAnEmptyStepStoresNoGoal() async throws {
        try await expectRefused("push_goal", ["title": "Move house", "steps": ["Pack", ""]],
                                saying: "push_goal: 'steps[1]' must be a non-empty sentence")
    }

    @Test func updateStepOfAnUnknownGoalIsRefused() async throws {
        try await expectRefused("update_step", ["goal_id": 5, "step": 1, "status": "done"], saying: "update_step: not found: goal 5")
    }

    @Test func updateStepBeyondThePlanIsRefused() async throws {
        try await expectRefused("update_step", ["goal_id": 1, "step": 3, "status": "done"],
                                saying: "update_step: 'step' must be a step of goal 1: 1...2, got 3") { mcp in
            _ = try await mcp.result("push_goal", ["title": "Ship it", "steps": ["Build", "Test"]])
        }
    }

    @Test func updateStepWithAnUnknownStatusIsRefused() async throws {
        try await expectRefused("update_step", ["goal_id": 1, "step": 1, "status": "finished"],
                                saying: "'status' must be one of: pending, running, done, failed, skipped") { mcp in
            _ = try await mcp.result("push_goal", ["title": "Ship it", "steps": ["Build"]])
        }
    }
}
