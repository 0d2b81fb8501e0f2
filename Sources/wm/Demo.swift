import ArgumentParser
import Foundation
import PostgresStore
import WorkingMemory

/// `wm demo`: replays a short conversation over three sessions (one in Chinese) and shows, turn by turn, what the
/// memory admits, forgets and assembles.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay a three-session conversation (one in Chinese), showing what the memory admits, forgets and assembles.",
        discussion: """
        Runs in memory unless --db is given (then the session stays for `wm inspect --session demo`).
        Examples:
          wm demo
          wm demo --budget 160
          wm demo --db demo.sqlite && wm inspect --db demo.sqlite --session demo --item 4
        """
    )

    @Option(help: "Database file to keep the demo session in (default: in memory).")
    var db: String?
    @Option(help: "Token budget of each assembled context.")
    var budget = 260

    struct Turn {
        var role: MemoryEvent.Role
        var text: String
        var minute: Double
    }

    struct Episode {
        var title: String
        var day: String
        var turns: [Turn]
        var query: String
    }

    static let script: [Episode] = [
        Episode(title: "session 1: planning a trip", day: "2024-03-04T18:00", turns: [
            Turn(role: .user, text: "Hi!", minute: 0),
            Turn(role: .assistant, text: "Hello! How can I help you today?", minute: 0.2),
            Turn(role: .user, text: "I'm planning a trip to Lisbon with my sister Maria in May.", minute: 1),
            Turn(role: .user, text: "My favourite colour is blue, by the way.", minute: 2),
            Turn(role: .assistant, text: "Lovely. Anything I should keep in mind for the trip?", minute: 2.5),
            Turn(role: .user, text: "Remember: Maria is allergic to peanuts.", minute: 3),
            Turn(role: .user, text: "ok thanks", minute: 4),
        ], query: "Which restaurants are safe for Maria?"),
        Episode(title: "session 2: six weeks later", day: "2024-04-15T09:30", turns: [
            Turn(role: .user, text: "Actually my favourite colour is green now.", minute: 0),
            Turn(role: .user, text: "We moved the Lisbon trip to June 14, the flights are booked.", minute: 1),
            Turn(role: .tool, text: "flights(LIS) = TP 1234, departs Berlin 08:15 on 2024-06-14", minute: 1.5),
            Turn(role: .assistant, text: "Your flight TP 1234 leaves Berlin at 08:15 on June 14.", minute: 2),
            Turn(role: .user, text: "lol", minute: 3),
            Turn(role: .user, text: "I'm planning a trip to Lisbon with my sister Maria in May.", minute: 4),
        ], query: "When do we fly to Lisbon, and what is my favourite colour?"),
        Episode(title: "session 3 (中文): a month later", day: "2024-05-20T08:00", turns: [
            Turn(role: .user, text: "你好！", minute: 0),
            Turn(role: .user, text: "我住在柏林，下个月要去上海出差三天。", minute: 1),
            Turn(role: .user, text: "记住：我的护照号码是E12345678。", minute: 2),
            Turn(role: .assistant, text: "好的，我已经记下了。", minute: 2.5),
            Turn(role: .user, text: "我搬到慕尼黑了。", minute: 3),
        ], query: "我什么时候去上海？护照号码是多少？"),
    ]

    func run() throws {
        let store = try CLIErrorWrap { try StoreOpener.open(db ?? ":memory:") }
        var p = GateParameters()
        p.verbalBufferTokens = 60   // small, so the demo shows turns leaving the buffer
        let ns = try Namespace(user: "ana", agent: "demo", session: "demo")
        if db != nil, try store.namespaces().contains(ns) {
            throw CLIError("\(db!) already holds the demo session; use another --db or `wm forget --db \(db!) --user ana --agent demo --session demo --everything --yes`")
        }
        let session = try CLIErrorWrap { try MemorySession.begin(ns, in: store, .empty, parameters: p) }
        for (n, episode) in Self.script.enumerated() {
            let start = try parseDate(episode.day)
            print("\n=== \(episode.title) · \(episode.day.replacingOccurrences(of: "T", with: " ")) ===")
            if n == 1 {
                let goal = try session.pushGoal("Prepare the Lisbon trip")
                let flights = try session.addStep("book flights", to: goal.id)
                try session.addStep("find a peanut-free restaurant", to: goal.id)
                try session.updateStep(flights.id, .done, result: "TP 1234, June 14")
                print("(goal pushed: Prepare the Lisbon trip; step 1 done, step 2 pending)")
            }
            for turn in episode.turns {
                let r = try CLIErrorWrap {
                    try session.receive(MemoryEvent(turn.role, turn.text, time: start.addingTimeInterval(turn.minute * 60), episode: "s\(n + 1)"))
                }
                print("\(turn.role.rawValue): \(turn.text)")
                let f = r.features
                let gate = "i=\(fmt(r.inputGate, 2)) novelty=\(fmt(f["novelty"] ?? 0, 2)) salience=\(fmt(f["salience"] ?? 0, 2))"
                switch r.outcome {
                case .admitted:
                    print("    + admitted as item \(r.itemID!)\(f["explicit"] == 1 ? " and pinned (explicit remember)" : "")  [\(gate)]")
                case .rehearsed:
                    print("    ~ repeat of item \(r.itemID!): refreshed, strength \(fmt(session.strength(of: r.itemID!) ?? 0))  [\(gate)]")
                default:
                    print("    - not admitted (verbal buffer only)  [\(gate)]")
                }
                for v in r.slotChanges {
                    let old = session.sketchpad.history(v.key).dropLast().last?.value
                    print("    * fact \(v.key) = \(v.value?.description ?? "-")\(old.map { " (supersedes \($0), kept in history)" } ?? "")")
                }
                if !r.evicted.isEmpty { print("    < left the verbal buffer: event\(r.evicted.count > 1 ? "s" : "") \(r.evicted.map(String.init).joined(separator: ", "))") }
                if !r.faded.isEmpty { print("    . faded: item\(r.faded.count > 1 ? "s" : "") \(r.faded.map(String.init).joined(separator: ", "))") }
            }
            let items = session.items.map { "#\($0.id) \(fmt(session.strength(of: $0.id) ?? 0, 2))\($0.pinned ? "*" : "")" }
            print("strengths (* pinned): \(items.joined(separator: "  "))")
            print("\n>>> context for: \(episode.query)")
            let context = try CLIErrorWrap { try session.context(for: episode.query, budget: budget) }
            print(render(context).split(separator: "\n").dropFirst().map { "    " + $0 }.joined(separator: "\n"))
            print("    (\(context.tokens)/\(budget) tokens, \(context.messages.count) chat messages)")
        }
        if let id = session.items.first(where: { $0.text.contains("favourite colour is blue") })?.id {
            let why = try CLIErrorWrap { try session.explain(id) }
            print("\nwhat happened to item \(id) (\"favourite colour is blue\")?  (wm inspect --item \(id))")
            for d in why.decisions.suffix(5) { print("    \(d.gate.rawValue)/\(d.outcome.rawValue) at turn \(d.turn): \(d.note)") }
        }
    }
}
