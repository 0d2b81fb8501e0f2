import Foundation
import WorkingMemory

/// A small set of memory tools over one session, for `--tools` in `wm chat` and `wm task`: remember, recall,
/// set_fact, get_facts, push_goal, update_step. (The MCP server's toolbox offers the same names; this one
/// exists so the loops can run without the server.)
struct SessionTools: ToolProvider {
    let session: MemorySession

    var tools: [ToolSpec] {
        [
            ToolSpec(name: "remember", description: "Store a note in the working memory, pinned so it does not fade.",
                     parametersJSON: #"{"type":"object","properties":{"text":{"type":"string","description":"what to remember"}},"required":["text"]}"#),
            ToolSpec(name: "recall", description: "Search the working memory; returns the best matching items.",
                     parametersJSON: #"{"type":"object","properties":{"query":{"type":"string"},"limit":{"type":"integer","minimum":1,"maximum":20}},"required":["query"]}"#),
            ToolSpec(name: "set_fact", description: "Set a fact (entity.attribute = value) in the sketchpad; an older value is kept as history.",
                     parametersJSON: #"{"type":"object","properties":{"entity":{"type":"string"},"attribute":{"type":"string"},"value":{"type":"string"}},"required":["entity","attribute","value"]}"#),
            ToolSpec(name: "get_facts", description: "List the facts in the sketchpad.", parametersJSON: #"{"type":"object","properties":{}}"#),
            ToolSpec(name: "push_goal", description: "Push a goal on the executive's stack.",
                     parametersJSON: #"{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}"#),
            ToolSpec(name: "update_step", description: "Set a plan step's status (pending, running, done, failed, skipped) and result.",
                     parametersJSON: #"{"type":"object","properties":{"step":{"type":"integer"},"status":{"type":"string","enum":["pending","running","done","failed","skipped"]},"result":{"type":"string"}},"required":["step","status"]}"#),
        ]
    }

    func call(_ name: String, argumentsJSON: String) async -> ToolOutcome {
        guard let args = (try? JSONSerialization.jsonObject(with: Data(argumentsJSON.utf8))) as? [String: Any] else {
            return ToolOutcome("the arguments are not a JSON object: \(clip(argumentsJSON, 80))", isError: true)
        }
        func text(_ key: String) throws -> String {
            guard let s = args[key] as? String, !s.trimmingCharacters(in: .whitespaces).isEmpty else { throw CLIError("'\(key)' must be a non-empty string") }
            return s
        }
        do {
            switch name {
            case "remember":
                let item = try session.add(try text("text"), pinned: true)
                return ToolOutcome("remembered as item \(item.id)")
            case "recall":
                let limit = (args["limit"] as? Int).map { min(max($0, 1), 20) } ?? 5
                let hits = try session.recall(try text("query"), limit: limit)
                return ToolOutcome(hits.isEmpty ? "nothing found" : hits.map { "#\($0.item.id) \($0.item.text)" }.joined(separator: "\n"))
            case "set_fact":
                let key = SlotKey(entity: try text("entity"), attribute: try text("attribute"))
                try session.setSlot(key, to: .text(try text("value")))
                return ToolOutcome("\(key) = \(try text("value"))")
            case "get_facts":
                return ToolOutcome(ChatReport.facts(session.sketchpad))
            case "push_goal":
                let goal = try session.pushGoal(try text("text"))
                return ToolOutcome("goal \(goal.id) pushed")
            case "update_step":
                guard let step = args["step"] as? Int else { throw CLIError("'step' must be a step number") }
                guard let status = PlanStep.Status(rawValue: try text("status")) else { throw CLIError("'status' must be one of \(PlanStep.Status.allCases.map(\.rawValue).joined(separator: ", "))") }
                let updated = try session.updateStep(Int64(step), status, result: args["result"] as? String)
                return ToolOutcome("step \(updated.id) is \(updated.status.rawValue)")
            default:
                return ToolOutcome("no tool named '\(name)'", isError: true)
            }
        } catch {
            return ToolOutcome((error as? MemoryError)?.description ?? "\(error)", isError: true)
        }
    }
}
