import Foundation
import MCP
import WorkingMemory

/// How the memory's values look in tool results and resources: snake_case names, ISO 8601 times, numbers
/// rounded to 4 decimals (a model reads them; more digits only cost tokens).
enum MemoryJSON {
    /// Compact JSON with sorted keys; non-ASCII text stays as it is (one token per character, not six).
    static func encode(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every number was made finite by `number`, so encoding cannot fail; keep a message just in case.
        guard let data = try? encoder.encode(value) else { return #"{"error":"the result could not be encoded as JSON"}"# }
        return String(decoding: data, as: UTF8.self)
    }

    /// The text of a string the SDK decoded as a data URL. The SDK's `Value` reads every string matching
    /// `data:<no , or ;>,<rest>` as bytes ("data: 3 rows, 4 columns" among them); the words are rebuilt from the
    /// media type and the bytes, which gives the original back unless it held percent escapes or was base64.
    static func plainString(_ value: Value) -> String {
        guard case .data(let mimeType, let bytes) = value else { return value.stringValue ?? "" }
        guard let text = String(data: bytes, encoding: .utf8) else { return bytes.dataURLEncoded(mimeType: mimeType) }
        return "data:\(mimeType ?? "text/plain"),\(text)"
    }

    /// A finite number rounded to 4 decimals; NaN and infinities become null (JSON has no such numbers).
    static func number(_ x: Double) -> Value {
        x.isFinite ? .double((x * 10_000).rounded() / 10_000) : .null
    }

    static func numbers(_ features: [String: Double]) -> Value {
        .object(features.mapValues(number))
    }

    static func time(_ date: Date) -> Value { .string(date.ISO8601Format()) }

    static func optional(_ text: String?) -> Value { text.map(Value.string) ?? .null }

    static func item(_ item: MemoryItem, strength: Double?) -> Value {
        var o: [String: Value] = [
            "item_id": .int(Int(item.id)), "text": .string(item.text), "role": .string(item.role.rawValue),
            "kind": .string(item.kind.rawValue), "time": time(item.time), "status": .string(item.status.rawValue),
            "pinned": .bool(item.pinned), "episode": .string(item.episode),
        ]
        if let speaker = item.speaker { o["speaker"] = .string(speaker) }
        if let strength { o["strength"] = number(strength) }
        if let superseded = item.metadata["superseded"] { o["outdated"] = .string(superseded) }
        return .object(o)
    }

    static func decision(_ d: GateDecision) -> Value {
        var o: [String: Value] = [
            "seq": .int(Int(d.seq)), "turn": .int(Int(d.turn)), "time": time(d.time), "gate": .string(d.gate.rawValue),
            "outcome": .string(d.outcome.rawValue), "score": number(d.score), "note": .string(d.note),
        ]
        if !d.features.isEmpty { o["features"] = numbers(d.features) }
        if let e = d.eventSeq { o["event"] = .int(Int(e)) }
        return .object(o)
    }

    static func slotValue(_ value: SlotValue?) -> Value {
        switch value {
        case nil: return .null
        case .text(let s): return .string(s)
        case .number(let x): return x == x.rounded() && abs(x) < 1e15 ? .int(Int(x)) : number(x)
        case .list(let xs): return .array(xs.map(Value.string))
        }
    }

    static func fact(_ key: SlotKey, _ value: SlotValue?) -> Value {
        ["entity": .string(key.entity), "attribute": .string(key.attribute), "value": slotValue(value)]
    }

    static func step(_ s: PlanStep) -> Value {
        ["step": .int(s.position + 1), "text": .string(s.text), "status": .string(s.status.rawValue), "result": optional(s.result)]
    }

    static func goal(_ g: Goal, plan: [PlanStep]) -> Value {
        var o: [String: Value] = [
            "goal_id": .int(Int(g.id)), "title": .string(g.text), "status": .string(g.status.rawValue),
            "created": time(g.created), "steps": .array(plan.map(step)),
        ]
        if let parent = g.parentID { o["parent_goal_id"] = .int(Int(parent)) }
        if let result = g.result { o["result"] = .string(result) }
        return .object(o)
    }
}
