import ArgumentParser
import Foundation
import WorkingMemory

/// `wm forget`: explicit deletion (the only way anything is deleted), through `MemorySession.forget`.
struct Forget: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Forget items, events, words or a time span: the text leaves every place it lived. Only this deletes.",
        discussion: """
        The text leaves the items, the event log (a tombstone keeps the event's number and time), the
        recent turns, the search index, the facts taken from it and the trace notes quoting it (a --match
        also takes the goals, plan steps and facts holding the words); the
        database files are then rewritten so that no byte of it remains.
        Examples:
          wm forget 3 7                          # items 3 and 7, with the turns they came from
          wm forget --event 12                   # a received turn, admitted or not
          wm forget --match "gate code"          # every item, turn, goal, step and fact holding "gate code"
          wm forget --from 2024-05-01 --to 2024-05-31T23:59 --yes
          wm forget --match "Porto" --dry-run    # what would be forgotten; nothing changes
          wm forget --working                    # end of task: empty the verbal buffer and the goals
          wm forget --everything --yes           # everything of the session
          wm forget --all-sessions --yes         # everything of the user (--user), every session
        """
    )

    /// Matches larger than this need `--yes`.
    static let few = 3

    @OptionGroup var options: MemoryOptions
    @Option(name: .customLong("event"), help: "A received event (turn) to forget, by number; repeatable.")
    var events: [Int64] = []
    @Option(help: "Forget every item, turn, goal, plan step and fact holding these words, in this order (whole words, any case).")
    var match: String?
    @Option(help: "Forget what happened from this time on (ISO 8601, UTC); with --to.")
    var from: String?
    @Option(help: "Forget what happened up to this time (ISO 8601, UTC); with --from.")
    var to: String?
    @Flag(help: "Clear the working state (verbal buffer, goals, plan); keep memories and facts.")
    var working = false
    @Flag(help: "Forget everything of the session (needs --yes).")
    var everything = false
    @Flag(help: "Forget every session of the user (needs --yes).")
    var allSessions = false
    @Flag(help: "Confirm --everything, --all-sessions, or a match of more than \(Forget.few) items, turns, goals and steps, or facts.")
    var yes = false
    @Flag(help: "Show what would be forgotten; change nothing.")
    var dryRun = false
    @Argument(help: "Item ids to forget.")
    var ids: [Int64] = []

    func validate() throws {
        let range = from != nil || to != nil
        let modes = [!ids.isEmpty, !events.isEmpty, match != nil, range, working, everything, allSessions].filter { $0 }.count
        if modes != 1 { throw ValidationError("give exactly one of: item ids, --event, --match, --from/--to, --working, --everything, --all-sessions") }
        if range && (from == nil || to == nil) { throw ValidationError("give both --from and --to") }
        if (everything || allSessions) && !yes && !dryRun {
            throw ValidationError("--\(everything ? "everything" : "all-sessions") forgets \(everything ? "the whole session" : "every session of the user"); add --yes to confirm")
        }
        if let match, match.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("--match text is empty") }
        if working && dryRun { throw ValidationError("--dry-run shows what forgetting would remove; --working removes no memory") }
    }

    func run() throws {
        if allSessions { return try forgetUser() }
        let session = try options.existingSession()
        if working { try CLIErrorWrap { try session.clear(.workingState) }; print("working state cleared"); return }
        let selection: ForgetSelection
        if everything {
            selection = .everything
        } else if let match {
            selection = .matching(match)
        } else if let from, let to {
            selection = .between(try parseDate(from), try parseDate(to))
        } else if !events.isEmpty {
            selection = .events(Array(Set(events)).sorted())
        } else {
            selection = .items(Array(Set(ids)).sorted())
        }
        let broad = match != nil || from != nil
        let report: ForgetReport
        do {
            report = try session.forget(selection, atMost: broad && !yes && !dryRun ? Self.few : nil, dryRun: dryRun)
        } catch MemoryError.invalidArgument(let m) where m.hasPrefix("that matches") {
            throw CLIError("\(m.replacingOccurrences(of: "confirm to forget them all", with: "add --yes to forget them all, or --dry-run to see them"))")
        } catch MemoryError.notFound(let m) {
            throw CLIError("no \(m)")
        } catch { throw CLIError(error) }
        if report.isEmpty {
            let what = match.map { "nothing holds the words '\(Terminal.safe($0))'" } ?? (everything ? "the session holds nothing" : "nothing happened in that time range")
            print("\(what); nothing forgotten")
            return
        }
        print(Self.describe(report, postgres: session.store.kind == "postgres"))
    }

    func forgetUser() throws {
        let store = try options.openStore()
        if dryRun {
            let names = try CLIErrorWrap { try store.namespaces().filter { $0.user == options.user } }
            print("would forget \(names.count) session\(names.count == 1 ? "" : "s") of user '\(Terminal.safe(options.user))'")
            return
        }
        let gone = try CLIErrorWrap { try store.forgetUser(options.user) }
        print("forgot \(gone.count) session\(gone.count == 1 ? "" : "s") of user '\(Terminal.safe(options.user))'\(gone.isEmpty ? "" : ": " + gone.map { Terminal.safe($0.session) }.joined(separator: ", "))")
    }

    /// One line that says exactly what was removed.
    static func describe(_ r: ForgetReport, postgres: Bool = false) -> String {
        func list(_ xs: [Int64], _ one: String, _ prefix: String = "") -> String {
            "\(xs.count) \(one)\(xs.count == 1 ? "" : "s")" + (xs.isEmpty ? "" : " (" + xs.map { prefix + String($0) }.joined(separator: ", ") + ")")
        }
        let verb = r.dryRun ? "would forget" : "forgot"
        var parts = ["\(verb) \(list(r.items, "item", "#")) and \(list(r.events, "event"))"]
        if !r.goals.isEmpty || !r.steps.isEmpty { parts[0] = "\(verb) \(list(r.items, "item", "#")), \(list(r.events, "event")), \(list(r.goals, "goal")) and \(list(r.steps, "plan step"))" }
        var also: [String] = []
        if r.bufferedTurns > 0 { also.append("\(r.bufferedTurns) recent turn\(r.bufferedTurns == 1 ? "" : "s")") }
        if !r.factVersions.isEmpty { also.append("\(r.factVersions.count) fact value\(r.factVersions.count == 1 ? "" : "s")") }
        if r.decisionNotes > 0 { also.append("\(r.decisionNotes) trace note\(r.decisionNotes == 1 ? "" : "s")") }
        if !also.isEmpty { parts.append((r.dryRun ? "and " : "removed ") + also.joined(separator: ", ")) }
        if !r.dryRun {
            parts.append(r.erasedFromFiles ? "erased from the database files"
                         : postgres ? "gone for every reader; PostgreSQL keeps dead row copies until VACUUM reuses their space"
                         : "the write-ahead log is in use by another process: the text leaves the files at its next checkpoint")
        }
        return parts.joined(separator: "; ")
    }
}
