import Foundation
import MCP
import WorkingMemory

/// The memory's tools for a model, in one place and independent of any transport: MCP serves them over stdio and
/// streamable HTTP, a chat or task loop offers them to a model as OpenAI-style functions, and all of them call
/// `call(_:arguments:on:)` against a `MemorySession`.
///
/// ```swift
/// let toolbox = MemoryToolbox()
/// let tools = toolbox.tools.map(\.openAIFunction)                         // 1. offer them to a model
/// let result = toolbox.call("remember", argumentsJSON: #"{"text":"I live in Porto."}"#, on: session)
/// // 2. result.text is JSON for the model; result.isError says the call was refused and why
/// ```
public struct MemoryToolbox: Sendable {
    /// The tools, in the order they are listed.
    public let tools: [MemoryTool]

    /// The nine memory tools: remember, recall, get_context, forget, explain (episodic memory), set_fact,
    /// get_facts (sketchpad), push_goal, update_step (executive).
    public init() {
        tools = [Self.remember, Self.recall, Self.getContext, Self.forget, Self.setFact, Self.getFacts,
                 Self.explain, Self.pushGoal, Self.updateStep]
    }

    /// The tool called `name`, if there is one.
    public func tool(named name: String) -> MemoryTool? { tools.first { $0.name == name } }

    /// The tools in the OpenAI chat-completions `tools` form.
    public var openAITools: Value { .array(tools.map(\.openAIFunction)) }

    /// Calls a tool. Never throws: a refused or failed call is a `ToolResult` with `isError` and a message that
    /// says what was wrong (unknown tool, missing or mistyped argument, unknown item, empty text, ...); a
    /// refused call stores nothing.
    /// - Parameters:
    ///   - name: the tool's name.
    ///   - arguments: the arguments as JSON values (nil: none).
    ///   - session: the session the tool reads and changes.
    public func call(_ name: String, arguments: [String: Value]?, on session: MemorySession) -> ToolResult {
        guard let tool = tool(named: name) else {
            return ToolResult(error: ToolCallError.unknownTool(name, known: tools.map(\.name)).description)
        }
        do {
            let args = try ToolArguments(tool: name, values: arguments, allowed: tool.argumentNames)
            return ToolResult(try tool.run(args, session))
        } catch let error as ToolCallError {
            return ToolResult(error: error.description)
        } catch let error as MemoryError {
            return ToolResult(error: "\(name): \(error.description)")
        } catch {
            return ToolResult(error: "\(name) failed: \(error)")
        }
    }

    /// Calls a tool with its arguments as a JSON text (as OpenAI function calls carry them); an empty text means
    /// no arguments.
    public func call(_ name: String, argumentsJSON: String, on session: MemorySession) -> ToolResult {
        if argumentsJSON.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return call(name, arguments: nil, on: session)
        }
        let decoded: Value
        do { decoded = try JSONDecoder().decode(Value.self, from: Data(argumentsJSON.utf8)) } catch {
            return ToolResult(error: ToolCallError.argumentsNotAnObject(tool: name, detail: "not valid JSON").description)
        }
        guard case .object(let arguments) = decoded else {
            return ToolResult(error: ToolCallError.argumentsNotAnObject(tool: name, detail: "got \(ToolCallError.describe(decoded))").description)
        }
        return call(name, arguments: arguments, on: session)
    }
}
