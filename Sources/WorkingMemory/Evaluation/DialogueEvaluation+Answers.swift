import Foundation

extension DialogueEvaluation {
    /// One prompt strategy's answer score.
    public struct AnswerRow: Sendable, Equatable {
        public var strategy: String
        public var budget: Int?
        /// Questions asked.
        public var asked: Int
        /// Questions whose prompt did not fit the model's context (not asked).
        public var tooLong: Int
        public var meanTokens: Double
        /// LoCoMo's answer F1, averaged over the questions asked.
        public var f1: Double
        public var f1ByCategory: [Int: Double]
    }

    /// LoCoMo's question-answering instruction (snap-research/LoCoMo, `task_eval/gpt_utils.py`).
    static func instruction(_ question: String) -> String {
        "Based on the above context, write an answer in the form of a short phrase for the following question. Answer with exact words from the context whenever possible.\n\nQuestion: \(question) Short answer:"
    }

    /// Asks a model a fixed subset of the questions (the first `perCategory` of each category 1-4, in file order)
    /// with each prompt: the memory's context at `budget`, the last turns at `budget`, the whole conversation
    /// where it fits `contextLimit`; scores the answers with LoCoMo's F1 (`AnswerF1`).
    /// - Parameters:
    ///   - answers: gold answers by question id.
    ///   - progress: told after each question.
    public func answer(items: [EvaluationItem], queries: [EvaluationQuery], answers: [String: String], model: some LanguageModel,
                       budget: Int, contextLimit: Int, perCategory: Int, progress: ((String) -> Void)? = nil) async throws -> [AnswerRow] {
        if budget <= 0 || contextLimit <= 0 || perCategory <= 0 { throw MemoryError.invalidArgument("budget, context limit and questions per category must be > 0") }
        var chosen: [EvaluationQuery] = []
        var taken: [Int: Int] = [:]
        for q in queries where q.evaluated && (1...4).contains(q.category ?? 0) && !q.evidence.isEmpty && answers[q.id] != nil {
            if taken[q.category!, default: 0] < perCategory { chosen.append(q); taken[q.category!, default: 0] += 1 }
        }
        var turnsOf: [String: [EvaluationItem]] = [:]
        for item in items { turnsOf[item.group, default: []].append(item) }
        var tally: [String: Tally] = [:]
        var tooLong = 0
        var sessions: [String: MemorySession] = [:]
        for q in chosen {
            guard let turns = turnsOf[q.group] else { throw MemoryError.invalidArgument("question '\(q.id)': its conversation '\(q.group)' has no turns") }
            let gold = answers[q.id]!
            let ask = Self.instruction(q.question)
            // (a) the memory's context, the question replaced by the instruction, within the budget.
            if sessions[q.group] == nil {
                let s = try MemorySession.begin(try Namespace(user: "eval", agent: "answers", session: q.group), in: try MemoryStore.inMemory(),
                                                .empty, parameters: parameters, counter: counter)
                try s.receive(contentsOf: Self.events(turns))
                sessions[q.group] = s
            }
            let session = sessions[q.group]!
            let memory = try session.prompt(ask, about: q.question, budget: budget).map { ChatMessage(ChatMessage.Role(rawValue: $0.role.rawValue) ?? .user, $0.content) }
            // (b), (c): the conversation as one system message, whole or its last turns.
            let rendered = turns.map(Self.render)
            let fixed = counter.count(ask) + counter.count("Conversation:") + 2 * parameters.messageOverheadTokens
            var first = rendered.count, used = fixed
            while first > 0, used + counter.count(rendered[first - 1]) + 1 <= budget { first -= 1; used += counter.count(rendered[first]) + 1 }
            let last = Self.transcriptPrompt(Array(rendered[first...]), ask)
            let whole = Self.transcriptPrompt(rendered, ask)
            for (key, messages) in [("memory", memory), ("last", last), ("whole", whole)] {
                let tokens = messages.reduce(0) { $0 + counter.count($1.content) + parameters.messageOverheadTokens }
                if key == "whole" && tokens > contextLimit { tooLong += 1; continue }
                let reply = try await model.complete(messages)
                tally[key, default: Tally()].add(tokens: tokens, recall: AnswerF1.score(reply, gold: gold, category: q.category!), category: q.category!)
            }
            progress?("\(q.id) (category \(q.category!)): gold \"\(gold)\"")
        }
        func row(_ key: String, _ name: String, _ budget: Int?, _ skipped: Int) -> AnswerRow? {
            guard let t = tally[key] else { return skipped > 0 ? AnswerRow(strategy: name, budget: budget, asked: 0, tooLong: skipped, meanTokens: 0, f1: 0, f1ByCategory: [:]) : nil }
            let r = t.row(name, budget)
            return AnswerRow(strategy: name, budget: budget, asked: r.questions, tooLong: skipped, meanTokens: r.meanTokens, f1: r.recall, f1ByCategory: r.recallByCategory)
        }
        return [row("memory", "memory", budget, 0), row("last", "last turns", budget, 0), row("whole", "whole conversation", nil, tooLong)].compactMap { $0 }
    }

    static func transcriptPrompt(_ lines: [String], _ ask: String) -> [ChatMessage] {
        [ChatMessage(.system, "Conversation:\n" + lines.joined(separator: "\n")), ChatMessage(.user, ask)]
    }
}
