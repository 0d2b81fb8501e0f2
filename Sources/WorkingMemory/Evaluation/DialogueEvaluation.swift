import Foundation

/// What the memory buys in a long dialogue: for each question about a conversation, how much of the gold
/// evidence reaches the prompt, and at what size, for three prompts:
/// (a) the working memory's context at a token budget; (b) the whole conversation; (c) the last turns that fit
/// the same budget. Evidence-in-prompt recall is the share of a question's evidence turns found in its prompt,
/// averaged over the questions (categories 1-4 of LoCoMo, those marked evaluated).
public struct DialogueEvaluation: Sendable {
    /// One prompt strategy's result.
    public struct Row: Sendable, Equatable {
        /// "memory", "last turns" or "whole conversation".
        public var strategy: String
        /// The token budget (nil for the whole conversation).
        public var budget: Int?
        public var questions: Int
        public var meanTokens: Double
        public var recall: Double
        /// Recall by question category.
        public var recallByCategory: [Int: Double]
    }

    public var budgets: [Int]
    public var parameters: GateParameters
    public var counter: any TokenCounter

    public init(budgets: [Int] = [512, 1024, 2048], parameters: GateParameters = GateParameters(), counter: any TokenCounter = EstimatedTokenCounter()) {
        self.budgets = budgets
        self.parameters = parameters
        self.counter = counter
    }

    /// - Parameters:
    ///   - items: every conversation's turns, in order (group = conversation).
    ///   - queries: the questions; those not evaluated or outside categories 1-4 are skipped.
    ///   - progress: told when a conversation is done.
    /// - Throws: `.invalidArgument` for a budget <= 0 or a question whose conversation has no turns.
    public func run(items: [EvaluationItem], queries: [EvaluationQuery], progress: ((String) -> Void)? = nil) throws -> [Row] {
        if budgets.isEmpty || budgets.contains(where: { $0 <= 0 }) { throw MemoryError.invalidArgument("budgets must be > 0 tokens (got \(budgets))") }
        var turnsOf: [String: [EvaluationItem]] = [:]
        var order: [String] = []
        for item in items {
            if turnsOf[item.group] == nil { order.append(item.group) }
            turnsOf[item.group, default: []].append(item)
        }
        let asked = queries.filter { $0.evaluated && (1...4).contains($0.category ?? 0) && !$0.evidence.isEmpty }
        for q in asked where turnsOf[q.group] == nil {
            throw MemoryError.invalidArgument("question '\(q.id)': its conversation '\(q.group)' has no turns")
        }
        var tally: [String: Tally] = [:]
        func add(_ key: String, _ tokens: Int, _ found: Int, _ q: EvaluationQuery) {
            tally[key, default: Tally()].add(tokens: tokens, recall: Double(found) / Double(q.evidence.count), category: q.category ?? 0)
        }
        for group in order {
            let questions = asked.filter { $0.group == group }
            if questions.isEmpty { continue }
            let turns = turnsOf[group]!
            let rendered = turns.map(Self.render)
            let costs = rendered.map { counter.count($0) + parameters.messageOverheadTokens }
            // (b) and (c): plain counting over the turns.
            for q in questions {
                let evidence = Set(q.evidence)
                let questionCost = counter.count(q.question) + parameters.messageOverheadTokens
                add("whole", costs.reduce(questionCost, +), turns.filter { evidence.contains($0.id) }.count, q)
                for budget in budgets {
                    var used = questionCost, first = turns.count
                    while first > 0, used + costs[first - 1] <= budget { first -= 1; used += costs[first] }
                    add("last \(budget)", used, turns[first...].filter { evidence.contains($0.id) }.count, q)
                }
            }
            // (a): one memory per budget (a context refreshes what it uses, so budgets must not share one).
            for budget in budgets {
                let session = try MemorySession.begin(try Namespace(user: "eval", agent: "dialogue", session: group), in: try MemoryStore.inMemory(),
                                                      .empty, parameters: parameters, counter: counter)
                let receptions = try session.receive(contentsOf: Self.events(turns))
                var itemOfEvent: [Int64: String] = [:]
                for (r, t) in zip(receptions, turns) { itemOfEvent[r.eventSeq] = t.id }
                for q in questions {
                    let context = try session.context(for: q.question, budget: budget, at: q.date)
                    let shown = Set(context.sections.flatMap { $0.lines.compactMap { $0.eventSeq.flatMap { itemOfEvent[$0] } } })
                    add("memory \(budget)", context.tokens, Set(q.evidence).intersection(shown).count, q)
                }
            }
            progress?("\(group): \(questions.count) questions over \(turns.count) turns")
        }
        var rows: [Row] = []
        for budget in budgets {
            for (strategy, key) in [("memory", "memory \(budget)"), ("last turns", "last \(budget)")] {
                if let t = tally[key] { rows.append(t.row(strategy, budget)) }
            }
        }
        if let t = tally["whole"] { rows.append(t.row("whole conversation", nil)) }
        return rows
    }

    /// "Speaker: words", the image caption appended as the dataset shares it.
    static func render(_ item: EvaluationItem) -> String {
        var text = item.text
        if let c = item.caption, !c.isEmpty { text += " [shares a photo: \(c)]" }
        return text
    }

    /// The turns as events: the speaker's name apart from the words, one episode per dataset session, times
    /// that never go back (turns of one session share its date; they are spaced a second apart).
    static func events(_ turns: [EvaluationItem]) -> [MemoryEvent] {
        var last = Date(timeIntervalSince1970: 0)
        return turns.map { t in
            var words = render(t)
            if let s = t.speaker, words.hasPrefix(s + ": ") { words.removeFirst(s.count + 2) }
            let time = max(t.date ?? last, last.addingTimeInterval(1))
            last = time
            return MemoryEvent(.user, words, time: time, speaker: t.speaker, episode: t.session)
        }
    }

    struct Tally {
        var n = 0, tokens = 0, recall = 0.0
        var byCategory: [Int: (n: Int, recall: Double)] = [:]
        mutating func add(tokens t: Int, recall r: Double, category: Int) {
            n += 1; tokens += t; recall += r
            byCategory[category, default: (0, 0)].n += 1
            byCategory[category, default: (0, 0)].recall += r
        }
        func row(_ strategy: String, _ budget: Int?) -> Row {
            Row(strategy: strategy, budget: budget, questions: n, meanTokens: Double(tokens) / Double(max(n, 1)), recall: recall / Double(max(n, 1)),
                recallByCategory: byCategory.mapValues { $0.recall / Double(max($0.n, 1)) })
        }
    }
}
