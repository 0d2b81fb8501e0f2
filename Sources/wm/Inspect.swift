import ArgumentParser
import Foundation
import WorkingMemory

/// `wm inspect`: what a session holds and why.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a session: items with strengths, facts with history, goals, recent gate decisions.",
        discussion: """
        Examples:
          wm inspect                       # items, facts, goals, the last 10 decisions
          wm inspect --item 3              # why item 3 is in (or out of) the prompt, why it faded
          wm inspect --decisions 50        # the last 50 gate decisions
          wm inspect --sessions            # every session in the database
          wm inspect --html session.html   # one page: strength over turns, every decision, every context
        """
    )

    @OptionGroup var options: MemoryOptions
    @Option(help: "Explain one item: its forget-gate state and every decision about it.")
    var item: Int64?
    @Option(help: "How many of the latest gate decisions to show.")
    var decisions = 10
    @Flag(help: "List the sessions in the database.")
    var sessions = false
    @Option(help: "Write a self-contained HTML page of the session (items' strength over turns, every gate decision with its features, each assembled context) to this file.")
    var html: String?

    func validate() throws {
        if decisions < 0 { throw ValidationError("--decisions must be 0 or more, got \(decisions)") }
    }

    func run() throws {
        if sessions {
            let all = try CLIErrorWrap { try options.openStore(readOnly: true).namespaces() }
            if all.isEmpty { print("(no sessions in \(options.db))") }
            for ns in all { print(Terminal.safe("user=\(ns.user) agent=\(ns.agent) session=\(ns.session)")) }
            return
        }
        if let html { try OutputFile.check(html, flag: "--html", inputs: [("--db", options.db)]) }
        let session = try options.existingSession(readOnly: true)
        if let html {
            let page = try CLIErrorWrap { try InspectPage(session: session).render() }
            try OutputFile.write(Data(page.utf8), to: html, flag: "--html")
            print("wrote \(html)")
            return
        }
        if let item {
            let why = try CLIErrorWrap { try session.explain(item) }
            if let it = why.item {
                print("item \(it.id) [\(it.status.rawValue)\(it.pinned ? ", pinned" : "")]: \(Terminal.safe(it.text))")
                print("  strength now \(fmt(why.forget["strength"] ?? 0)) = cell \(fmt(why.forget["cell"] ?? 0)) x forget \(fmt(why.forget["forget"] ?? 0)) (\(Int(why.forget["turnsSinceUpdate"] ?? 0)) turns, \(fmt(why.forget["daysSinceUpdate"] ?? 0, 1)) days since last update; used \(it.uses) times)")
            } else {
                print("item \(item) no longer exists")
            }
            for d in why.decisions { print(line(d)) }
            return
        }
        let forgetNow = session.items
        let counts = try CLIErrorWrap { try session.eventCounts() }
        print("session \(Terminal.safe(session.namespace.description)): \(forgetNow.count) items, turn \(session.turn)"
              + (counts.forgotten > 0 ? " (\(counts.forgotten) of \(counts.received) events forgotten)" : ""))
        for it in forgetNow {
            let s = session.strength(of: it.id) ?? 0
            print("  #\(it.id)  strength=\(fmt(s)) \(it.status == .faded ? "faded " : "")\(it.pinned ? "pinned " : "")uses=\(it.uses)  \(it.speaker.map { "\(Terminal.safe($0)): " } ?? "")\(Terminal.safe(clip(it.text)))")
        }
        let pad = session.sketchpad
        if !pad.slots.isEmpty {
            print("facts:")
            for (key, value) in pad.slots {
                let versions = pad.history(key).count
                print(Terminal.safe("  \(key) = \(value)\(versions > 1 ? "  (\(versions - 1) earlier value\(versions > 2 ? "s" : ""): \(pad.history(key).dropLast().map { $0.value?.description ?? ($0.source == SlotVersion.forgottenSource ? "(forgotten)" : "(deleted)") }.joined(separator: ", ")))" : "")"))
            }
        }
        let exec = session.executive
        if !exec.openGoals.isEmpty {
            print("goals:")
            for g in exec.openGoals {
                print("  goal \(g.id): \(Terminal.safe(g.text))")
                for step in exec.plan(of: g.id) { print(Terminal.safe("    \(step.position + 1). [\(step.status.rawValue)] \(step.text)\(step.result.map { " -> \($0)" } ?? "")")) }
            }
        }
        print("verbal buffer: \(session.verbalBuffer.turns.count) turns, \(session.verbalBuffer.tokens)/\(session.parameters.verbalBufferTokens) tokens")
        let recent = try CLIErrorWrap { try session.decisions(limit: decisions) }
        if !recent.isEmpty { print("last \(recent.count) decisions:") }
        for d in recent { print(line(d)) }
    }

    func line(_ d: GateDecision) -> String {
        let keys = ["i", "novelty", "salience", "relevance", "strength", "bm25", "forget"].filter { d.features[$0] != nil }
        let feats = keys.map { "\($0)=\(fmt(d.features[$0]!, 2))" }.joined(separator: " ")
        return Terminal.safe("  [turn \(d.turn)] \(d.gate.rawValue)/\(d.outcome.rawValue)\(d.itemID.map { " item \($0)" } ?? "")\(d.eventSeq.map { " event \($0)" } ?? ""): \(d.note)\(feats.isEmpty ? "" : "  {\(feats)}")")
    }
}

func clip(_ s: String, _ n: Int = 70) -> String { s.count <= n ? s : String(s.prefix(n - 3)) + "..." }

/// Runs a library call and turns its error into a one-line CLI error.
func CLIErrorWrap<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as CLIError { throw e } catch { throw CLIError(error) }
}
