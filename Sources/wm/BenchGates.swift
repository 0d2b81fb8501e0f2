import ArgumentParser
import Foundation
import WorkingMemory

/// `wm bench gates`: how the admission and forgetting parameters treat LoCoMo's evidence turns.
struct BenchGates: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gates",
        abstract: "Sweep input/forget/output gate parameters on LoCoMo: evidence admitted, retained, and recall@10.",
        discussion: """
        Each conversation is received turn by turn into a fresh in-memory session (speaker, session date, one
        episode per LoCoMo session); then every question (categories 1-4) is ranked by the output gate.
          swift run -c release wm bench gates --items ITEMS.jsonl --queries QUERIES.jsonl
        """
    )

    @Option(help: "LoCoMo items, one turn per line (default: under $WM_EVAL_DATA, see docs/eval-data.md).")
    var items = EnvironmentDefaults.evalData("queries/locomo_items.jsonl")
    @Option(help: "LoCoMo questions (default: under $WM_EVAL_DATA).")
    var queries = EnvironmentDefaults.evalData("queries/locomo_queries.jsonl")
    @Option(help: "Admission thresholds to try (comma-separated).")
    var admit = "0.2,0.35,0.5"
    @Option(help: "Forget factors per turn to try.")
    var decay = "0.995,0.998,1.0"
    @Option(help: "Half-lives in days to try.")
    var halfLife = "60"
    @Option(help: "Output-gate strength floors to try.")
    var floor = "0.5"
    @Option(help: "Output-gate diversity penalties to try.")
    var diversity = "0.5"
    @Option(help: "Input-gate weight of novelty (default: GateParameters).")
    var wNovelty: Double?
    @Option(help: "Input-gate weight of salience (default: GateParameters).")
    var wSalience: Double?
    @Option(help: "Input-gate bias (default: GateParameters).")
    var inputBias: Double?
    @Option(help: "Write each turn's input-gate features (TSV: conv, item, novelty, salience, explicit, z, evidence) of the first setting to this file; scripts/tune/tune_input_gate.py fits the weights on them.")
    var dumpFeatures: String?

    func validate() throws {
        for (list, name) in [(admit, "admit"), (decay, "decay"), (halfLife, "half-life"), (floor, "floor"), (diversity, "diversity")] {
            _ = try Self.values(list, name)
        }
        for (x, name) in [(wNovelty, "w-novelty"), (wSalience, "w-salience"), (inputBias, "input-bias")] {
            if let x, !x.isFinite { throw ValidationError("--\(name) must be a finite number, got \(x)") }
        }
        // Each value within the range its gate parameter takes, before any data is read.
        let setters: [(String, String, (inout GateParameters, Double) -> Void)] = [
            (admit, "admit", { $0.admitThreshold = $1 }), (decay, "decay", { $0.turnDecay = $1 }),
            (halfLife, "half-life", { $0.halfLifeDays = $1 }), (floor, "floor", { $0.strengthFloor = $1 }),
            (diversity, "diversity", { $0.diversityPenalty = $1 }),
        ]
        for (list, name, set) in setters {
            for x in try Self.values(list, name) {
                var p = GateParameters()
                set(&p, x)
                do { try p.validate() } catch let e as MemoryError { throw ValidationError("--\(name) \(x): \(e.description)") }
            }
        }
    }

    /// The numbers of a comma list; every entry must be a finite number (an entry that is not is an error, not skipped).
    static func values(_ list: String, _ name: String) throws -> [Double] {
        let parts = list.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        for p in parts where Double(p).map({ !$0.isFinite }) ?? true {
            throw ValidationError("--\(name) needs finite numbers separated by commas; '\(p)' in '\(list)' is not one")
        }
        return parts.compactMap(Double.init)
    }

    func values(_ list: String, _ name: String) throws -> [Double] { try Self.values(list, name) }

    struct Turn: Decodable { var conv_id: String; var item_id: String; var text: String; var session: Int; var session_date_iso: String?; var speaker: String?; var raw_text: String? }
    struct Question: Decodable { var conv_id: String; var question: String; var evidence_ids: [String]; var category: Int; var evaluated: Bool }

    func run() throws {
        func lines<T: Decodable>(_ path: String, _ type: T.Type) throws -> [T] {
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path)") }
            return try String(decoding: data, as: UTF8.self).split(separator: "\n").map { try JSONDecoder().decode(T.self, from: Data($0.utf8)) }
        }
        let turns = try lines(items, Turn.self)
        let questions = try lines(queries, Question.self).filter { $0.evaluated && (1...4).contains($0.category) }
        let convs = Array(Set(turns.map(\.conv_id))).sorted()
        print("LoCoMo: \(turns.count) turns, \(questions.count) questions (categories 1-4), \(convs.count) conversations")
        print("admit  turnDecay  halfLife  floor  divers | admitted  evidence admitted  evidence retained  recall@10")
        var first = true
        for a in try values(admit, "admit") {
            for d in try values(decay, "decay") {
                for h in try values(halfLife, "half-life") {
                    for f in try values(floor, "floor") {
                        for m in try values(diversity, "diversity") {
                            var p = GateParameters()
                            p.admitThreshold = a
                            p.turnDecay = d
                            p.halfLifeDays = h
                            p.strengthFloor = f
                            p.diversityPenalty = m
                            if let w = wNovelty { p.wNovelty = w }
                            if let w = wSalience { p.wSalience = w }
                            if let b = inputBias { p.inputBias = b }
                            try evaluate(p, turns: turns, questions: questions, convs: convs, dumpTo: first ? dumpFeatures : nil)
                            first = false
                        }
                    }
                }
            }
        }
    }

    func evaluate(_ p: GateParameters, turns: [Turn], questions: [Question], convs: [String], dumpTo: String? = nil) throws {
        // Item ids ("D1:3") repeat across conversations: evidence is a (conversation, turn) pair.
        let evidenceIDs = Set(questions.flatMap { q in q.evidence_ids.map { "\(q.conv_id)\t\($0)" } })
        var dump: String? = dumpTo.map { _ in "conv\titem\tnovelty\tsalience\texplicit\tz\tevidence\n" }
        var admittedTurns = 0, evidence = 0, evidenceAdmitted = 0, evidenceRetained = 0
        var recall = 0.0
        for conv in convs {
            let store = try MemoryStore.inMemory()
            let s = try MemorySession.begin(try Namespace(session: conv), in: store, .empty, parameters: p)
            var itemOf: [String: Int64] = [:]
            var events: [MemoryEvent] = []
            var ids: [String] = []
            for t in turns where t.conv_id == conv {
                let date = try t.session_date_iso.map(parseDate) ?? Date(timeIntervalSince1970: 0)
                events.append(MemoryEvent(.user, t.raw_text ?? t.text, time: date.addingTimeInterval(Double(ids.count)), speaker: t.speaker, episode: "s\(t.session)"))
                ids.append(t.item_id)
            }
            for (r, id) in zip(try s.receive(contentsOf: events), ids) {
                if dump != nil {
                    let f = r.features
                    dump! += "\(conv)\t\(id)\t\(f["novelty"] ?? 0)\t\(f["salience"] ?? 0)\t\(f["explicit"] ?? 0)\t\(f["z"] ?? 0)\t\(evidenceIDs.contains("\(conv)\t\(id)") ? 1 : 0)\n"
                }
                guard r.outcome == .admitted else { continue }
                itemOf[id] = r.itemID
                admittedTurns += 1
            }
            let back = Dictionary(itemOf.map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            for q in questions where q.conv_id == conv {
                evidence += q.evidence_ids.count
                for e in q.evidence_ids {
                    guard let item = itemOf[e] else { continue }
                    evidenceAdmitted += 1
                    if let it = s.item(item), it.pinned || (s.strength(of: item) ?? 0) >= p.fadeThreshold { evidenceRetained += 1 }
                }
                let top = Set(s.rankedMemories(for: q.question, limit: 10).compactMap { back[$0] })
                recall += Double(q.evidence_ids.filter(top.contains).count) / Double(max(1, q.evidence_ids.count))
            }
        }
        if let path = dumpTo, let text = dump { try text.write(toFile: path, atomically: true, encoding: .utf8) }
        print(String(format: "%5.2f  %9.4f  %8.0f  %5.2f  %6.2f | %8.3f  %17.3f  %17.3f  %9.3f", p.admitThreshold, p.turnDecay, p.halfLifeDays,
                     p.strengthFloor, p.diversityPenalty, Double(admittedTurns) / Double(turns.count), Double(evidenceAdmitted) / Double(evidence),
                     Double(evidenceRetained) / Double(evidence), recall / Double(questions.count)))
    }
}
