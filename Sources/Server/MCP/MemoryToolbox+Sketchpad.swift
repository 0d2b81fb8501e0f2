import MCP
import WorkingMemory

/// The tools of the sketchpad: facts as entity · attribute = value, each change kept as history.
extension MemoryToolbox {
    static let setFact = MemoryTool(
        name: "set_fact", title: "Set a fact",
        description: """
        Set one attribute of an entity in the facts table, e.g. entity "user", attribute "city", value "Porto". \
        Use it when you learn or correct a structured fact that should hold until it changes (a name, a \
        preference, a setting, a count). A new value supersedes the old one, which is kept in the history, \
        never lost. Returns the previous value.
        """,
        inputSchema: ToolSchema.object([
            "entity": ToolSchema.string("Who or what the fact is about, e.g. \"user\", \"project\", a person's name."),
            "attribute": ToolSchema.string("Which property, e.g. \"city\", \"deadline\", \"favourite colour\"."),
            "value": [
                "description": "The value: a string, a number, or a list of strings.",
                "anyOf": [["type": "string"], ["type": "number"], ["type": "array", "items": ["type": "string"]]],
            ],
        ], required: ["entity", "attribute", "value"]),
        idempotent: true
    ) { args, session in
        let key = SlotKey(entity: try args.string("entity"), attribute: try args.string("attribute"))
        let value = try args.slotValue("value")
        let previous = session.sketchpad.value(key)
        let version = try session.setSlot(key, to: value)
        guard case .object(var o) = MemoryJSON.fact(key, value) else { return .null }
        o["previous"] = MemoryJSON.slotValue(previous)
        o["changed"] = .bool(version != nil)
        return .object(o)
    }

    static let getFacts = MemoryTool(
        name: "get_facts", title: "Get facts",
        description: """
        List the current facts of this conversation, optionally only those of one entity. Use it to check what \
        is already known (about the user, a project, a person) before asking again or answering.
        """,
        inputSchema: ToolSchema.object([
            "entity": ToolSchema.string("Only the facts about this entity; omit for all."),
        ]),
        readOnly: true, idempotent: true
    ) { args, session in
        let entity = try args.optionalString("entity")
        let slots = session.sketchpad.slots.filter { entity == nil || $0.key.entity == entity }
        return ["facts": .array(slots.map { MemoryJSON.fact($0.key, $0.value) })]
    }
}
