import Foundation
import MCP
import Server
import Testing
import WorkingMemory

/// The tool definitions and calls without any MCP transport: what a chat loop offering them to a model uses.
@Suite struct MCPToolboxTests {
    let toolbox = MemoryToolbox()

    @Test func theToolboxHasTheNineToolsByTheirExactNames() {
        #expect(toolbox.tools.map(\.name) == ["remember", "recall", "get_context", "forget", "set_fact", "get_facts",
                                              "explain", "push_goal", "update_step"])
    }

    @Test func everySchemaIsAClosedObjectWhosePropertiesAreDescribed() throws {
        for tool in toolbox.tools {
            let schema = try #require(tool.inputSchema.objectValue)
            #expect(schema["type"] == "object", "\(tool.name)")
            #expect(schema["additionalProperties"] == false, "\(tool.name)")
            let properties = try #require(schema["properties"]?.objectValue, "\(tool.name)")
            for (name, property) in properties {
                #expect(property.objectValue?["description"]?.stringValue?.isEmpty == false, "\(tool.name).\(name) has no description")
            }
            for required in schema["required"]?.arrayValue ?? [] {
                #expect(properties[required.stringValue ?? ""] != nil, "\(tool.name) requires an undeclared \(required)")
            }
            #expect(tool.description.contains("Use it"), "\(tool.name)'s description does not say when to use it")
        }
    }

    @Test func theSchemasStateTheRequiredArgumentsOfTheSignatures() {
        let required = Dictionary(uniqueKeysWithValues: toolbox.tools.map { tool in
            (tool.name, (tool.inputSchema.objectValue?["required"]?.arrayValue ?? []).compactMap(\.stringValue).sorted())
        })
        #expect(required == [
            "remember": ["text"], "recall": ["query"], "get_context": ["budget", "query"], "forget": ["item_id"],
            "set_fact": ["attribute", "entity", "value"], "get_facts": [], "explain": ["item_id"],
            "push_goal": ["title"], "update_step": ["goal_id", "status", "step"],
        ])
    }

    @Test func roleAndStatusAreEnumsOfTheEngineValues() throws {
        let role = toolbox.tool(named: "remember")?.inputSchema.objectValue?["properties"]?.objectValue?["role"]?.objectValue?["enum"]
        #expect(role == ["user", "assistant", "tool", "observation"])
        let status = toolbox.tool(named: "update_step")?.inputSchema.objectValue?["properties"]?.objectValue?["status"]?.objectValue?["enum"]
        #expect(status == ["pending", "running", "done", "failed", "skipped"])
    }

    @Test func openAIToolsCarryNameDescriptionAndTheSameSchema() throws {
        let tools = try #require(toolbox.openAITools.arrayValue)
        #expect(tools.count == 9)
        for (tool, entry) in zip(toolbox.tools, tools) {
            #expect(entry.objectValue?["type"] == "function")
            let function = try #require(entry.objectValue?["function"]?.objectValue)
            #expect(function["name"]?.stringValue == tool.name)
            #expect(function["description"]?.stringValue == tool.description)
            #expect(function["parameters"] == tool.inputSchema)
        }
    }

    @Test func aCallWithArgumentsAsJSONTextRemembersAndRecalls() throws {
        let session = try freshSession()
        let stored = toolbox.call("remember", argumentsJSON: #"{"text": "My sister Ana lives in Porto.", "pin": true}"#, on: session)
        #expect(!stored.isError, "\(stored.text)")
        let id = try #require(try jsonObject(stored.text)["item_id"] as? Int)
        let found = toolbox.call("recall", argumentsJSON: #"{"query": "Where does Ana live?"}"#, on: session)
        let items = try #require(try jsonObject(found.text)["items"] as? [[String: Any]])
        #expect(items.first?["item_id"] as? Int == id)
        #expect(items.first?["text"] as? String == "My sister Ana lives in Porto.")
    }

    @Test func argumentsThatAreNotAJSONObjectAreAToolError() throws {
        let session = try freshSession()
        let broken = toolbox.call("remember", argumentsJSON: #"{"text": "unterminated"#, on: session)
        #expect(broken.isError)
        #expect(broken.text == "remember: the arguments must be a JSON object (not valid JSON)")
        let array = toolbox.call("remember", argumentsJSON: #"["hello"]"#, on: session)
        #expect(array.isError)
        #expect(array.text.contains("an array"))
        #expect(session.turn == 0)
    }

    @Test func anUnknownToolNameIsAToolErrorListingTheTools() throws {
        let r = toolbox.call("remember_everything", argumentsJSON: "{}", on: try freshSession())
        #expect(r.isError)
        #expect(r.text.hasPrefix("unknown tool 'remember_everything'; the tools are: remember, recall,"))
    }

    @Test func anUndeclaredArgumentIsRefusedByName() throws {
        let session = try freshSession()
        let r = toolbox.call("remember", argumentsJSON: #"{"text": "hello there", "importance": 5}"#, on: session)
        #expect(r.isError)
        #expect(r.text == "remember: unknown argument 'importance'; it takes: pin, role, speaker, text")
        #expect(session.turn == 0)
    }

    @Test func aNullOptionalArgumentMeansNotGiven() throws {
        let r = toolbox.call("recall", argumentsJSON: #"{"query": "anything", "limit": null}"#, on: try freshSession())
        #expect(!r.isError, "\(r.text)")
    }

    @Test func anIntegralNumberIsAnIntegerButAFractionIsNot() throws {
        let session = try freshSession()
        #expect(!toolbox.call("recall", argumentsJSON: #"{"query": "x", "limit": 3.0}"#, on: session).isError)
        let r = toolbox.call("recall", argumentsJSON: #"{"query": "x", "limit": 2.5}"#, on: session)
        #expect(r.isError)
        #expect(r.text == "recall: 'limit' must be an integer in 1...50, got the number 2.5")
    }

    @Test func aTextShapedLikeADataURLIsRememberedAsWords() throws {
        let session = try freshSession()
        let r = toolbox.call("remember", argumentsJSON: #"{"text": "data: 3 rows, 4 columns in the export", "pin": true}"#, on: session)
        #expect(!r.isError, "\(r.text)")
        #expect(session.items.last?.text == "data: 3 rows, 4 columns in the export")
    }
}
