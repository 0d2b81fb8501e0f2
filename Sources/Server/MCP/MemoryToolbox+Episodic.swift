import Foundation
import MCP
import WorkingMemory

/// The tools of the episodic store: what was said, found again, put into a prompt, explained or deleted.
extension MemoryToolbox {
    /// The largest context a model may ask for, in tokens (more than any model's window; a bigger number is a
    /// mistake worth reporting).
    public static let maxBudget = 1_000_000
    /// The most memories `recall` returns at once.
    public static let maxRecall = 50
    /// The largest id a tool takes: the largest integer every JSON reader holds exactly (2^53 - 1).
    public static let maxID = 9_007_199_254_740_991

    static let remember = MemoryTool(
        name: "remember", title: "Remember",
        description: """
        Store one thing said or observed in this conversation in the working memory. Use it when the user states \
        a fact, preference, decision, plan, name, number or deadline that a later turn may need, or when a tool \
        result should outlive this turn. The memory's input gate decides whether it is worth keeping (a repeat \
        refreshes the stored item instead of adding a copy); set pin to true when the user explicitly asks you \
        to remember something, so it never fades. Sentences that state a fact ("my favourite colour is green") \
        also update the facts (see get_facts). Returns the gate's decision and the item id.
        """,
        inputSchema: ToolSchema.object([
            "text": ToolSchema.string("The words to remember, as said (any language)."),
            "role": ToolSchema.choice(MemoryEvent.Role.self, "Who produced it: the user (default), the assistant, a tool, or an observation.", default: .user),
            "speaker": ToolSchema.string("The speaker's name, when several people speak."),
            "pin": ToolSchema.boolean("Pin it: always admitted, never fades. For explicit requests to remember.", default: false),
        ], required: ["text"])
    ) { args, session in
        let text = try args.string("text")
        let event = MemoryEvent(try args.choice("role", default: .user), text,
                                speaker: try args.optionalString("speaker"), remember: try args.bool("pin", default: false))
        let r = try session.receive(event)
        var o: [String: Value] = [
            "event": .int(Int(r.eventSeq)), "outcome": .string(r.outcome.rawValue), "item_id": r.itemID.map { .int(Int($0)) } ?? .null,
            "input_gate": MemoryJSON.number(r.inputGate), "features": MemoryJSON.numbers(r.features),
            "facts_changed": .array(r.slotChanges.map { MemoryJSON.fact($0.key, $0.value) }),
        ]
        if !r.faded.isEmpty { o["faded_items"] = .array(r.faded.map { .int(Int($0)) }) }
        return .object(o)
    }

    static let recall = MemoryTool(
        name: "recall", title: "Recall",
        description: """
        Search the stored memories of this conversation, best match first, without changing anything. Use it to \
        look up what was said earlier (a name, a number, a date, a decision) when you want the memories \
        themselves with their ids, e.g. to explain or forget one. To prepare an answer within a token budget, \
        use get_context instead.
        """,
        inputSchema: ToolSchema.object([
            "query": ToolSchema.string("What to look for, in words (any language)."),
            "limit": ToolSchema.integer("How many memories at most.", in: 1...maxRecall, default: 5),
        ], required: ["query"]),
        readOnly: true, idempotent: true
    ) { args, session in
        let hits = try session.recall(try args.string("query"), limit: try args.integer("limit", in: 1...maxRecall, default: 5))
        return ["items": .array(hits.map { h in
            guard case .object(var o) = MemoryJSON.item(h.item, strength: h.strength) else { return .null }
            o["score"] = MemoryJSON.number(h.hit.score)
            return .object(o)
        })]
    }

    static let getContext = MemoryTool(
        name: "get_context", title: "Get context",
        description: """
        Assemble what the working memory holds for a question, within a token budget: open goals and plan \
        steps, known facts, the most relevant memories and the recent turns, as chat messages ready for a \
        model. Use it before answering a question that may depend on earlier turns, sessions or tasks. \
        Memories placed in the context count as used and fade more slowly.
        """,
        inputSchema: ToolSchema.object([
            "query": ToolSchema.string("The question or task the context is for."),
            "budget": ToolSchema.integer("The most tokens the context may take (it is never over budget).", in: 1...maxBudget),
        ], required: ["query", "budget"])
    ) { args, session in
        let query = try args.string("query")
        let context = try session.context(for: query, budget: try args.integer("budget", in: 1...maxBudget))
        return [
            "tokens": .int(context.tokens), "budget": .int(context.budget),
            "messages": .array(context.messages.map { ["role": .string($0.role.rawValue), "content": .string($0.content)] }),
            "item_ids": .array(context.itemIDs.map { .int(Int($0)) }),
        ]
    }

    static let forget = MemoryTool(
        name: "forget", title: "Forget",
        description: """
        Delete one stored memory by its item id (from recall, get_context or remember). Use it only when the \
        user asks you to forget something or a memory is wrong; it cannot be undone. To correct a fact, use \
        set_fact instead: the old value is kept as history.
        """,
        inputSchema: ToolSchema.object([
            "item_id": ToolSchema.integer("The id of the memory to delete.", in: 1...maxID),
        ], required: ["item_id"]),
        destructive: true
    ) { args, session in
        let id = Int64(try args.integer("item_id", in: 1...maxID))
        try session.delete(id)
        return ["forgotten": .int(Int(id))]
    }

    static let explain = MemoryTool(
        name: "explain", title: "Explain",
        description: """
        Explain why a memory is where it is: its current strength and every gate decision about it (admitted, \
        refreshed, put into a context or left out, faded, deleted), each with the features that drove it. Use \
        it when the user asks why you remembered, used or forgot something.
        """,
        inputSchema: ToolSchema.object([
            "item_id": ToolSchema.integer("The id of the memory to explain.", in: 1...maxID),
        ], required: ["item_id"]),
        readOnly: true, idempotent: true
    ) { args, session in
        let id = Int64(try args.integer("item_id", in: 1...maxID))
        let e = try session.explain(id)
        return [
            "item_id": .int(Int(id)),
            "item": e.item.map { MemoryJSON.item($0, strength: session.strength(of: id)) } ?? .null,
            "forget_gate": MemoryJSON.numbers(e.forget),
            "decisions": .array(e.decisions.map(MemoryJSON.decision)),
        ]
    }
}
