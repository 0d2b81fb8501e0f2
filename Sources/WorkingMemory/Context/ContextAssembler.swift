/// Packs candidate lines of the four sections into a token budget and renders them as chat messages.
///
/// Pass 1 gives each section up to its share of the budget (`GateParameters.sectionShares`), in priority order
/// goals → facts → recent turns → memories; pass 2 hands what is left to facts, goals, memories, then recent
/// turns. The rendered messages are then counted with the real counter and, should a tokenizer not be additive,
/// the last added line is dropped until the total fits: the budget holds for any `TokenCounter`.
///
/// Memories are chosen best first but shown oldest first, grouped under one heading per day (`[2023-05-08]`)
/// instead of a date on every line: on LoCoMo a date costs about 10 of a line's 30 tokens, so a day's heading
/// shared by its memories leaves room for more of them.
struct ContextAssembler {
    var counter: any TokenCounter
    var overhead: Int
    var shares: [Double]
    var header: String

    struct Candidate {
        var kind: ContextSection.Kind
        var line: ContextSection.Line
    }

    /// - Returns: the context and, per memory candidate that did not fit, its item id.
    func assemble(query: String, budget: Int, candidates: [ContextSection.Kind: [ContextSection.Line]]) throws -> AssembledContext {
        let queryCost = counter.count(query) + overhead
        let systemCost = counter.count(header) + overhead
        if queryCost > budget {
            throw MemoryError.invalidArgument("budget of \(budget) tokens is smaller than the query alone (\(queryCost) tokens)")
        }
        let order: [ContextSection.Kind] = [.goals, .facts, .recentTurns, .memories]
        var taken: [ContextSection.Kind: [ContextSection.Line]] = [:]
        var next: [ContextSection.Kind: Int] = [:]
        var used: [ContextSection.Kind: Int] = [:]
        var additions: [ContextSection.Kind] = []
        var total = queryCost
        var systemStarted = false

        // The system message's header is reserved up front when a system section has candidates, so that it
        // does not count against the first section's share.
        if [.goals, .facts, .memories].contains(where: { !(candidates[$0] ?? []).isEmpty }), total + systemCost <= budget {
            total += systemCost
            systemStarted = true
        }
        func cost(_ kind: ContextSection.Kind, _ line: ContextSection.Line) -> (line: Int, total: Int) {
            if kind == .recentTurns { return (counter.count(line.text) + overhead, counter.count(line.text) + overhead) }
            var c = counter.count(Self.shown(line)) + 1
            if let day = line.day, !taken[kind, default: []].contains(where: { $0.day == day }) { c += counter.count(Self.heading(day)) + 1 }
            var extra = taken[kind, default: []].isEmpty ? counter.count("## \(kind.title)") + 1 : 0
            if !systemStarted { extra += systemCost }
            return (c, c + extra)
        }
        func fill(_ kind: ContextSection.Kind, cap: Int?) {
            let lines = candidates[kind] ?? []
            var i = next[kind, default: 0]
            while i < lines.count {
                // A memory already shown as a recent turn (or the reverse) is not shown twice.
                let other: ContextSection.Kind? = kind == .memories ? .recentTurns : kind == .recentTurns ? .memories : nil
                if let other, let id = lines[i].itemID, taken[other, default: []].contains(where: { $0.itemID == id }) {
                    i += 1
                    continue
                }
                let c = cost(kind, lines[i])
                let fitsCap = cap.map { used[kind, default: 0] + c.line <= $0 } ?? true
                if fitsCap && total + c.total <= budget {
                    taken[kind, default: []].append(lines[i])
                    used[kind, default: 0] += c.line
                    total += c.total
                    additions.append(kind)
                    if kind != .recentTurns { systemStarted = true }
                    i += 1
                } else if kind == .recentTurns {
                    break // recent turns stay contiguous: newest first, stop at the first that does not fit
                } else {
                    i += 1 // try the next, smaller line; this one is left out
                    if cap != nil { i -= 1; break }
                }
            }
            next[kind] = i
        }
        let available = budget - total
        for (k, kind) in order.enumerated() { fill(kind, cap: Int(Double(available) * shares[k])) }
        for kind in [ContextSection.Kind.facts, .goals, .memories, .recentTurns] { fill(kind, cap: nil) }

        var context = render(query: query, budget: budget, taken: taken)
        while context.tokens > budget, let last = additions.popLast() {
            taken[last]?.removeLast()
            context = render(query: query, budget: budget, taken: taken)
        }
        return context
    }

    func render(query: String, budget: Int, taken: [ContextSection.Kind: [ContextSection.Line]]) -> AssembledContext {
        var sections: [ContextSection] = []
        var blocks: [String] = []
        for kind in ContextSection.Kind.allCases {
            var lines = taken[kind] ?? []
            if kind == .recentTurns { lines.reverse() } // taken newest first, shown in the order they happened
            sections.append(ContextSection(kind: kind, lines: lines, tokens: lines.reduce(0) { $0 + counter.count(Self.shown($1)) }))
            if kind != .recentTurns, !lines.isEmpty {
                blocks.append("## \(kind.title)\n" + Self.block(lines))
            }
        }
        var messages: [ChatMessage] = []
        if !blocks.isEmpty { messages.append(ChatMessage(.system, ([header] + blocks).joined(separator: "\n"))) }
        for line in sections.first(where: { $0.kind == .recentTurns })!.lines {
            messages.append(ChatMessage(line.role == .assistant ? .assistant : .user, line.text))
        }
        messages.append(ChatMessage(.user, query))
        let tokens = messages.reduce(0) { $0 + counter.count($1.content) + overhead }
        return AssembledContext(query: query, budget: budget, tokens: tokens, sections: sections, messages: messages)
    }

    /// A section's lines as the prompt shows them; dated memories oldest first under one heading per day.
    static func block(_ lines: [ContextSection.Line]) -> String {
        guard lines.contains(where: { $0.day != nil }) else { return lines.map { PromptText.entry($0.text) }.joined(separator: "\n") }
        let ordered = lines.enumerated().sorted { a, b in
            let x = (a.element.day ?? "", a.element.eventSeq ?? Int64.max, a.offset), y = (b.element.day ?? "", b.element.eventSeq ?? Int64.max, b.offset)
            return x < y
        }.map(\.element)
        var out: [String] = [], day: String?
        for line in ordered {
            if let d = line.day, d != day { out.append(heading(d)); day = d }
            out.append(PromptText.entry(shown(line)))
        }
        return out.joined(separator: "\n")
    }

    /// A memory's text without its date when a day heading carries it (`- [2023-05-08] x` → `- x`).
    static func shown(_ line: ContextSection.Line) -> String {
        guard let day = line.day else { return line.text }
        let prefix = "- [\(day)] "
        return line.text.hasPrefix(prefix) ? "- " + line.text.dropFirst(prefix.count) : line.text
    }

    static func heading(_ day: String) -> String { "[\(day)]" }
}
