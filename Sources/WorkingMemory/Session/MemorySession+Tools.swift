import Foundation

extension MemorySession {
    /// Asks the model, runs the tools it calls and feeds their results back until it answers in text, at most
    /// `maxRounds` model calls (the last round offers no tools, so the model has to answer). Each tool call is
    /// received as a `tool` event (name, arguments, result), so it lands in the event log and the gates' trace.
    /// - Parameters:
    ///   - messages: what to send first (usually an assembled context's messages).
    ///   - model: the model.
    ///   - tools: the tools offered; nil or empty offers none (one call).
    ///   - maxRounds: the most model calls, >= 1.
    ///   - purpose: names the calls in `ModelExchange.calls`.
    ///   - budget: when given, tool results are shortened so that no request exceeds it (the model is told).
    ///   - onText: each piece of answer text as it arrives.
    /// - Throws: the model's errors; `.invalidArgument` for `maxRounds` < 1; `.storage` when a tool call cannot be
    ///   recorded (its result is then not fed back).
    public func converse(_ messages: [ModelMessage], with model: some ToolCallingModel, tools: (any ToolProvider)? = nil,
                         maxRounds: Int = 6, purpose: String = "answer", budget: Int? = nil,
                         onText: (@Sendable (String) -> Void)? = nil) async throws -> ModelExchange {
        if maxRounds < 1 { throw MemoryError.invalidArgument("maxRounds must be >= 1 (got \(maxRounds))") }
        var conversation = messages
        var records: [ToolCallRecord] = []
        var costs: [ModelCallCost] = []
        let specs = tools?.tools ?? []
        for round in 1...maxRounds {
            let offered = round < maxRounds ? specs : []
            let reply = try await model.reply(to: conversation, tools: offered, onText: onText)
            costs.append(ModelCallCost(purpose: round == 1 ? purpose : "\(purpose), tool round \(round)", tokensSent: tokens(of: conversation),
                                       promptTokens: reply.promptTokens, completionTokens: reply.completionTokens))
            guard let tools, !offered.isEmpty, !reply.toolCalls.isEmpty else {
                return ModelExchange(text: reply.text, toolCalls: records, calls: costs)
            }
            conversation.append(ModelMessage(.assistant, reply.text, toolCalls: reply.toolCalls))
            for call in reply.toolCalls {
                let outcome = specs.contains(where: { $0.name == call.name })
                    ? await tools.call(call.name, argumentsJSON: call.argumentsJSON)
                    : ToolOutcome("no tool named '\(call.name)'; the tools are: \(specs.map(\.name).joined(separator: ", "))", isError: true)
                // Received before the model sees the result: a call that cannot be recorded is not fed back.
                let seq = try receive(MemoryEvent(.tool, Self.traceLine(call, outcome), time: max(Date(), now),
                                                  metadata: ["tool": call.name, "isError": outcome.isError ? "true" : "false"])).eventSeq
                records.append(ToolCallRecord(name: call.name, argumentsJSON: call.argumentsJSON, outcome: outcome, eventSeq: seq))
                conversation.append(ModelMessage(.tool, outcome.text, toolCallID: call.id))
                if let budget { fitLast(&conversation, budget: budget) }
            }
        }
        return ModelExchange(text: "", toolCalls: records, calls: costs)  // not reached: the last round offers no tools
    }

    /// Shortens the last message (a tool result) until the conversation fits `budget`, keeping its start.
    func fitLast(_ conversation: inout [ModelMessage], budget: Int) {
        let note = " ... (cut: over the token budget)"
        var text = conversation[conversation.count - 1].content
        while tokens(of: conversation) > budget, !text.isEmpty {
            text = String(text.prefix(text.count * 2 / 3))
            conversation[conversation.count - 1].content = text.isEmpty ? "(left out: over the token budget)" : text + note
        }
    }

    /// Tokens of messages by the session's counter (contents plus the per-message overhead).
    public func tokens(of messages: [ModelMessage]) -> Int {
        let overhead = parameters.messageOverheadTokens
        return messages.reduce(0) { $0 + counter.count($1.content) + overhead + $1.toolCalls.reduce(0) { $0 + counter.count($1.name + $1.argumentsJSON) } }
    }

    static func traceLine(_ call: ModelToolCall, _ outcome: ToolOutcome) -> String {
        let result = outcome.text.count <= 400 ? outcome.text : String(outcome.text.prefix(397)) + "..."
        return "\(call.name)(\(call.argumentsJSON)) \(outcome.isError ? "failed" : "->") \(result)"
    }
}
