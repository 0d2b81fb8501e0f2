import ArgumentParser
import Foundation
import LLM
import WorkingMemory

/// `wm eval dialogue`: evidence-in-prompt recall and prompt size of the memory's context against the whole
/// conversation and the last turns that fit the same budget.
struct EvalDialogue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dialogue",
        abstract: "Prompt tokens and evidence-in-prompt recall: memory context vs whole conversation vs last turns.",
        discussion: """
            For each question (categories 1-4) the prompt is built (a) from the working memory's context at each \
            budget, (b) from the whole conversation, (c) from the last turns that fit the same budget; printed: \
            mean prompt tokens and the share of the gold evidence turns that reached the prompt. Files as for `wm \
            eval retrieval` (the LoCoMo files, see docs/eval-data.md). No model is needed for that. With --answer, a model \
            (chosen as in `wm chat`) also answers a fixed subset of questions with each prompt, scored with LoCoMo's \
            answer F1 per category.
            Examples:
              wm eval dialogue --items locomo_items.jsonl --queries locomo_queries.jsonl --budgets 512,1024,2048
              wm eval dialogue --items locomo_items.jsonl --queries locomo_queries.jsonl --answer --provider llamacpp
            """
    )

    @Option(help: "Conversation turns, JSONL (one memory item per line).") var items: String
    @Option(help: "Questions, JSONL, with evidence_ids and category.") var queries: String
    @Option(help: "Token budgets, comma-separated.") var budgets = "512,1024,2048"
    @Option(help: "Only the first N conversations (after those skipped).") var conversations: Int?
    @Option(help: "Leave out the first N conversations (e.g. --skip-conversations 5 for a held-out half).") var skipConversations = 0
    @Option(help: "Gate parameters, JSON (fields left out keep their defaults), e.g. {\"sectionShares\":[0.05,0.1,0.1,0.75]}.")
    var parameters: String?
    @OptionGroup var llm: LLMOptions
    @Flag(help: "Also ask the model the questions and score its answers (LoCoMo's F1).") var answer = false
    @Option(help: "With --answer: questions asked per category (the first ones in file order).") var perCategory = 10
    @Option(help: "With --answer: the token budget of the memory and last-turns prompts.") var answerBudget = 1024
    @Option(help: "With --answer: the model's context in tokens; a longer whole-conversation prompt is not sent.") var contextLimit = 8192

    func validate() throws {
        let list = budgets.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !list.isEmpty, list.allSatisfy({ ($0 ?? 0) > 0 }) else { throw ValidationError("--budgets must be positive integers like 512,1024,2048 (got '\(budgets)')") }
        if let conversations, conversations <= 0 { throw ValidationError("--conversations must be at least 1, got \(conversations)") }
        if skipConversations < 0 { throw ValidationError("--skip-conversations must be 0 or more, got \(skipConversations)") }
        guard perCategory >= 1 else { throw ValidationError("--per-category must be at least 1, got \(perCategory)") }
        guard answerBudget >= 1 else { throw ValidationError("--answer-budget must be at least 1 token, got \(answerBudget)") }
        guard contextLimit >= 1 else { throw ValidationError("--context-limit must be at least 1 token, got \(contextLimit)") }
    }

    func run() async throws {
        let list = budgets.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        var itemList = try CLIErrorWrap { try EvaluationItem.parseLines(try Self.read(items), source: items) }
        let queryList = try CLIErrorWrap { try EvaluationQuery.parseLines(try Self.read(queries), source: queries) }
        if conversations != nil || skipConversations > 0 {
            var kept: [String] = []
            for i in itemList where !kept.contains(i.group) { kept.append(i.group) }
            let keep = Set(kept.dropFirst(skipConversations).prefix(conversations ?? kept.count))
            if keep.isEmpty { throw ValidationError("--skip-conversations \(skipConversations) leaves none of the \(kept.count) conversations") }
            itemList = itemList.filter { keep.contains($0.group) }
        }
        let groups = Set(itemList.map(\.group))
        let started = Date()
        let gates = try gateParameters()
        let rows = try CLIErrorWrap {
            try DialogueEvaluation(budgets: list.compactMap { $0 }, parameters: gates).run(items: itemList, queries: queryList.filter { groups.contains($0.group) },
                                                                         progress: { FileHandle.standardError.write(Data("  \($0)\n".utf8)) })
        }
        print(Self.table(rows))
        FileHandle.standardError.write(Data("done in \(fmt(Date().timeIntervalSince(started), 1)) s\n".utf8))
        if answer { try await answerQuestions(itemList, queryList.filter { groups.contains($0.group) }) }
    }

    /// The gate parameters from --parameters (a JSON text or a file holding one), validated; the defaults without it.
    func gateParameters() throws -> GateParameters {
        guard let parameters else { return GateParameters() }
        let data = FileManager.default.contents(atPath: parameters) ?? Data(parameters.utf8)
        do {
            let p = try JSONDecoder().decode(GateParameters.self, from: data)
            try p.validate()
            return p
        } catch let e as MemoryError { throw CLIError(e) } catch {
            throw CLIError("--parameters is neither a JSON object of gate parameters nor a file holding one: \(JSONErrorText.describe(error, in: data))")
        }
    }

    private func answerQuestions(_ items: [EvaluationItem], _ queries: [EvaluationQuery]) async throws {
        let gates = try gateParameters()
        let gold = try Self.answers(try Self.read(self.queries), source: self.queries)
        let perCategory = perCategory, budget = answerBudget, limit = contextLimit
        let rows = try await llm.withClient { (client: LLMClient) -> [DialogueEvaluation.AnswerRow] in
            let model = ClientModel(client: client, temperature: 0, maxTokens: 48)
            return try await DialogueEvaluation(parameters: gates).answer(items: items, queries: queries, answers: gold, model: model, budget: budget,
                                                         contextLimit: limit, perCategory: perCategory,
                                                         progress: { FileHandle.standardError.write(Data("  \($0)\n".utf8)) })
        }
        print(Self.answerTable(rows))
    }

    static func answerTable(_ rows: [DialogueEvaluation.AnswerRow]) -> String {
        let categories = Array(Set(rows.flatMap { $0.f1ByCategory.keys })).sorted()
        var out = ["answers (LoCoMo F1)     asked  too long  mean tokens     F1  " + categories.map { "cat \($0)" }.joined(separator: "   ")]
        for r in rows {
            let name = r.strategy + (r.budget.map { " \($0)" } ?? "")
            out.append(name.padding(toLength: 22, withPad: " ", startingAt: 0) + String(r.asked).leftPad(7) + String(r.tooLong).leftPad(10)
                       + fmt(r.meanTokens, 0).leftPad(13) + fmt(r.f1).leftPad(7) + "  " + categories.map { fmt(r.f1ByCategory[$0] ?? 0) }.joined(separator: "  "))
        }
        return out.joined(separator: "\n")
    }

    /// Gold answers by question id (`answer` may be a string or a number in LoCoMo).
    static func answers(_ data: Data, source: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for (_, o) in try CLIErrorWrap({ try JSONLines.objects(in: data, source: source) }) {
            guard let qid = (o["qid"] as? String) ?? (o["qid"] as? NSNumber)?.stringValue else { continue }
            if let s = o["answer"] as? String { out[qid] = s } else if let n = o["answer"] as? NSNumber { out[qid] = n.stringValue }
        }
        return out
    }

    static func table(_ rows: [DialogueEvaluation.Row]) -> String {
        let categories = Array(Set(rows.flatMap { $0.recallByCategory.keys })).sorted()
        var out = ["prompt                  questions  mean tokens  evidence recall  " + categories.map { "cat \($0)" }.joined(separator: "   ")]
        for r in rows {
            let name = r.strategy + (r.budget.map { " \($0)" } ?? "")
            let cats = categories.map { fmt(r.recallByCategory[$0] ?? 0) }.joined(separator: "  ")
            out.append(name.padding(toLength: 24, withPad: " ", startingAt: 0) + String(r.questions).leftPad(9) + fmt(r.meanTokens, 0).leftPad(13)
                       + fmt(r.recall).leftPad(17) + "  " + cats)
        }
        if let whole = rows.first(where: { $0.budget == nil }) {
            for r in rows where r.strategy == "memory" {
                out.append("memory \(r.budget!): \(fmt(whole.meanTokens / max(r.meanTokens, 1), 1))x fewer prompt tokens than the whole conversation; recall \(fmt(r.recall)) vs last turns \(fmt(rows.first { $0.strategy == "last turns" && $0.budget == r.budget }?.recall ?? 0))")
            }
        }
        return out.joined(separator: "\n")
    }

    static func read(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else { throw MemoryError.notFound("cannot read '\(path)': no such file or not readable") }
        return data
    }
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
