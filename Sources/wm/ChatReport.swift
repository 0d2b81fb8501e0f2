import Foundation
import WorkingMemory

/// The text of the in-chat commands and of the token notes of `wm chat` and `wm task`.
enum ChatReport {
    /// `/inspect`: the sections of a context, memory lines with their item numbers.
    static func context(_ c: AssembledContext) -> String {
        var out = ["context sent with \"\(clip(c.query, 60))\": \(c.tokens)/\(c.budget) tokens, \(c.messages.count) messages"]
        for section in c.sections {
            out.append("## \(section.kind.title) (\(section.lines.count) line\(section.lines.count == 1 ? "" : "s"), \(section.tokens) tokens)")
            for line in section.lines {
                let id = line.itemID.map { "#\($0) " } ?? ""
                let score = line.score.map { "  (score \(fmt($0)))" } ?? ""
                out.append("  \(id)\(clip(line.text, 100))\(score)")
            }
        }
        return out.joined(separator: "\n")
    }

    /// `/why N`: whether item N was in the last prompt, its strength, and the gates' latest decisions about it.
    static func why(_ id: Int64, session: MemorySession, last: AssembledContext?) throws -> String {
        let explanation = try session.explain(id)
        var out: [String] = []
        if let item = explanation.item {
            out.append("item \(id) [\(item.status.rawValue)\(item.pinned ? ", pinned" : "")]: \(clip(item.text, 100))")
            out.append("  strength \(fmt(explanation.forget["strength"] ?? 0)), used \(item.uses) times")
        } else {
            out.append("item \(id) was deleted")
        }
        if let last {
            let section = last.sections.first { $0.lines.contains { $0.itemID == id } }
            out.append(section.map { "  in the last prompt, under \($0.kind.title)" } ?? "  not in the last prompt")
        }
        let output = explanation.decisions.last { $0.gate == .output }
        if let output { out.append("  output gate: \(output.note)") }
        for d in explanation.decisions.suffix(4) where d != output {
            out.append("  [turn \(d.turn)] \(d.gate.rawValue)/\(d.outcome.rawValue): \(d.note)")
        }
        return out.joined(separator: "\n")
    }

    static func goals(_ e: Executive) -> String {
        if e.openGoals.isEmpty { return "no open goals" }
        return e.openGoals.flatMap { g in
            ["goal \(g.id): \(g.text)"] + e.plan(of: g.id).map { "  \($0.position + 1). [\($0.status.rawValue)] \($0.text)\($0.result.map { " -> \(clip($0, 80))" } ?? "")" }
        }.joined(separator: "\n")
    }

    static func facts(_ pad: Sketchpad) -> String {
        pad.slots.isEmpty ? "no facts yet" : pad.slots.map { "\($0.key) = \($0.value)" }.joined(separator: "\n")
    }

    /// "312/1024 tokens sent (server: 320 prompt, 25 answer)"; one part per model call.
    static func costs(_ calls: [ModelCallCost], budget: Int? = nil) -> String {
        calls.map { c in
            let server = c.promptTokens.map { p in " (server: \(p) prompt\(c.completionTokens.map { ", \($0) answer" } ?? ""))" } ?? ""
            return "\(c.purpose): \(c.tokensSent)\(budget.map { "/\($0)" } ?? "") tokens sent\(server)"
        }.joined(separator: "; ")
    }
}
