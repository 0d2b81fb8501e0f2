import Foundation
import MCP
import Server
import Testing
import WorkingMemory

/// The memory's MCP server driven by the SDK's own `Client`, in process (InMemoryTransport).
@Suite struct MCPClientTests {
    @Test func theClientListsTheNineToolsWithSchemasAndHints() async throws {
        let mcp = try await InProcessMCP(try freshSession())
        defer { Task { await mcp.close() } }
        let (tools, _) = try await mcp.client.listTools()
        #expect(tools.map(\.name) == MemoryToolbox().tools.map(\.name))
        let byName = Dictionary(uniqueKeysWithValues: tools.map { ($0.name, $0) })
        #expect(byName["recall"]?.annotations.readOnlyHint == true)
        #expect(byName["forget"]?.annotations.destructiveHint == true)
        #expect(byName["remember"]?.inputSchema.objectValue?["required"] == ["text"])
    }

    @Test func rememberAdmitsAPinnedTurnAndExtractsItsFact() async throws {
        let session = try freshSession()
        let mcp = try await InProcessMCP(session)
        defer { Task { await mcp.close() } }
        let r = try await mcp.result("remember", ["text": "My favourite colour is green.", "pin": true])
        #expect(r["outcome"] as? String == "admitted")
        let id = try #require(r["item_id"] as? Int)
        #expect(session.item(Int64(id))?.pinned == true)
        let facts = try #require(r["facts_changed"] as? [[String: Any]])
        #expect(facts.contains { $0["value"] as? String == "green" })
    }

    @Test func rememberKeepsRoleAndSpeaker() async throws {
        let session = try freshSession()
        let mcp = try await InProcessMCP(session)
        defer { Task { await mcp.close() } }
        let r = try await mcp.result("remember", ["text": "The build of release 4.2 failed on the arm64 runner.", "role": "tool", "speaker": "ci", "pin": true])
        let id = try #require(r["item_id"] as? Int)
        let item = try #require(session.item(Int64(id)))
        #expect(item.role == .tool)
        #expect(item.speaker == "ci")
    }

    @Test func recallFindsChineseTextBestFirst() async throws {
        let session = try freshSession()
        let mcp = try await InProcessMCP(session)
        defer { Task { await mcp.close() } }
        _ = try await mcp.result("remember", ["text": "我下周去上海开会。", "pin": true])
        _ = try await mcp.result("remember", ["text": "The dentist appointment is on Friday.", "pin": true])
        let r = try await mcp.result("recall", ["query": "上海 开会", "limit": 1])
        let items = try #require(r["items"] as? [[String: Any]])
        #expect(items.count == 1)
        #expect(items.first?["text"] as? String == "我下周去上海开会。")
    }

    @Test func getContextStaysWithinTheBudgetAndCarriesTheMemory() async throws {
        let session = try freshSession()
        let mcp = try await InProcessMCP(session)
        defer { Task { await mcp.close() } }
        _ = try await mcp.result("remember", ["text": "The gate code is 4411.", "pin": true])
        let r = try await mcp.result("get_context", ["query": "What is the gate code?", "budget": 200])
        let tokens = try #require(r["tokens"] as? Int)
        #expect(tokens <= 200)
        let messages = try #require(r["messages"] as? [[String: Any]])
        #expect(messages.contains { ($0["content"] as? String)?.contains("4411") == true })
        #expect(messages.last?["content"] as? String == "What is the gate code?")
    }

    @Test func forgetDeletesTheItemAndExplainStillTellsItWasDeleted() async throws {
        let session = try freshSession()
        let mcp = try await InProcessMCP(session)
        defer { Task { await mcp.close() } }
        let id = try #require(try await mcp.result("remember", ["text": "The locker combination is 2718.", "pin": true])["item_id"] as? Int)
        let r = try await mcp.result("forget", ["item_id": .int(id)])
        #expect(r["forgotten"] as? Int == id)
        #expect(session.item(Int64(id)) == nil)
        let e = try await mcp.result("explain", ["item_id": .int(id)])
        #expect(e["item"] is NSNull)
        let outcomes = (e["decisions"] as? [[String: Any]])?.compactMap { $0["outcome"] as? String }
        #expect(outcomes == ["admitted", "deleted"])
    }

    @Test func explainGivesTheAdmissionWithItsFeatures() async throws {
        let mcp = try await InProcessMCP(try freshSession())
        defer { Task { await mcp.close() } }
        let id = try #require(try await mcp.result("remember", ["text": "Our anniversary is on 12 June.", "pin": true])["item_id"] as? Int)
        let e = try await mcp.result("explain", ["item_id": .int(id)])
        #expect((e["item"] as? [String: Any])?["text"] as? String == "Our anniversary is on 12 June.")
        let first = try #require((e["decisions"] as? [[String: Any]])?.first)
        #expect(first["gate"] as? String == "input")
        #expect(first["outcome"] as? String == "admitted")
        #expect((first["features"] as? [String: Any])?["explicit"] as? Double == 1)
    }

    @Test func setFactSupersedesAndGetFactsListsTheCurrentValue() async throws {
        let session = try freshSession()
        let mcp = try await InProcessMCP(session)
        defer { Task { await mcp.close() } }
        let first = try await mcp.result("set_fact", ["entity": "user", "attribute": "city", "value": "Lyon"])
        #expect(first["previous"] is NSNull)
        let second = try await mcp.result("set_fact", ["entity": "user", "attribute": "city", "value": "Porto"])
        #expect(second["previous"] as? String == "Lyon")
        #expect(second["changed"] as? Bool == true)
        _ = try await mcp.result("set_fact", ["entity": "trip", "attribute": "nights", "value": 3])
        let facts = try #require(try await mcp.result("get_facts", ["entity": "user"])["facts"] as? [[String: Any]])
        #expect(facts.count == 1)
        #expect(facts.first?["value"] as? String == "Porto")
        #expect(session.sketchpad.history(SlotKey(entity: "user", attribute: "city")).compactMap { $0.value?.description } == ["Lyon", "Porto"])
        let all = try #require(try await mcp.result("get_facts", [:])["facts"] as? [[String: Any]])
        #expect(all.contains { $0["entity"] as? String == "trip" && $0["value"] as? Int == 3 })
    }

    @Test func pushGoalStoresThePlanAndUpdateStepRecordsAResult() async throws {
        let session = try freshSession()
        let mcp = try await InProcessMCP(session)
        defer { Task { await mcp.close() } }
        let goal = try await mcp.result("push_goal", ["title": "Book the trip to Porto", "steps": ["Find flights", "Book a hotel"]])
        let goalID = try #require(goal["goal_id"] as? Int)
        #expect((goal["steps"] as? [[String: Any]])?.compactMap { $0["step"] as? Int } == [1, 2])
        let r = try await mcp.result("update_step", ["goal_id": .int(goalID), "step": 1, "status": "done", "result": "TP 1234 on 3 May"])
        #expect(r["status"] as? String == "done")
        #expect(r["steps_left"] as? Int == 1)
        let plan = session.executive.plan(of: Int64(goalID))
        #expect(plan.map(\.status) == [.done, .pending])
        #expect(plan.first?.result == "TP 1234 on 3 May")
    }

    @Test func theFactsAndGoalsResourcesAreTheSessionState() async throws {
        let mcp = try await InProcessMCP(try freshSession())
        defer { Task { await mcp.close() } }
        _ = try await mcp.result("set_fact", ["entity": "user", "attribute": "name", "value": "Ana"])
        _ = try await mcp.result("push_goal", ["title": "Plan the week", "steps": ["Gym on Monday"]])
        let (resources, _) = try await mcp.client.listResources()
        #expect(resources.map(\.uri) == ["memory://facts", "memory://goals"])
        let facts = try #require(try await mcp.client.readResource(uri: "memory://facts").first)
        #expect(facts.mimeType == "application/json")
        let factsText = try #require(facts.text)
        let factList = try #require(try jsonObject(factsText)["facts"] as? [[String: Any]])
        #expect(factList.first?["value"] as? String == "Ana")
        let goals = try #require(try await mcp.client.readResource(uri: "memory://goals").first?.text)
        let goal = try #require((try jsonObject(goals)["goals"] as? [[String: Any]])?.first)
        #expect(goal["title"] as? String == "Plan the week")
        #expect((goal["steps"] as? [[String: Any]])?.first?["text"] as? String == "Gym on Monday")
    }

    @Test func anUnknownResourceIsAnErrorNamingTheResources() async throws {
        let mcp = try await InProcessMCP(try freshSession())
        defer { Task { await mcp.close() } }
        await #expect { try await mcp.client.readResource(uri: "memory://secrets") } throws: { error in
            "\(error)".contains("unknown resource 'memory://secrets'; the resources are: memory://facts, memory://goals")
        }
    }

    @Test func anUnknownToolIsAProtocolErrorListingTheTools() async throws {
        let mcp = try await InProcessMCP(try freshSession())
        defer { Task { await mcp.close() } }
        await #expect { _ = try await mcp.client.callTool(name: "delete_everything", arguments: [:]) as (content: [Tool.Content], isError: Bool?) } throws: { error in
            (error as? MCPError)?.code == -32602 && "\(error)".contains("the tools are: remember, recall")
        }
    }
}
