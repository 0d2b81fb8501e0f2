import ArgumentParser
import WorkingMemory

/// `wm forget`: explicit deletion (the only way anything is deleted).
struct Forget: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Delete items, clear the working state, or delete a whole session. Only this deletes.",
        discussion: """
        Examples:
          wm forget 3 7                    # delete items 3 and 7
          wm forget --match "gate code"    # delete items whose text contains the words
          wm forget --working              # end of task: empty the verbal buffer and the goals
          wm forget --everything --yes     # delete everything of the session
        """
    )

    @OptionGroup var options: MemoryOptions
    @Option(help: "Delete the items whose text contains this (case-insensitive).")
    var match: String?
    @Flag(help: "Clear the working state (verbal buffer, goals, plan); keep memories and facts.")
    var working = false
    @Flag(help: "Delete everything of the session (needs --yes).")
    var everything = false
    @Flag(help: "Confirm --everything.")
    var yes = false
    @Argument(help: "Item ids to delete.")
    var ids: [Int64] = []

    func validate() throws {
        let modes = (ids.isEmpty ? 0 : 1) + (match == nil ? 0 : 1) + (working ? 1 : 0) + (everything ? 1 : 0)
        if modes != 1 { throw ValidationError("give exactly one of: item ids, --match, --working, --everything") }
        if everything && !yes { throw ValidationError("--everything deletes the whole session; add --yes to confirm") }
        if let match, match.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--match text is empty") }
    }

    func run() throws {
        let session = try options.existingSession()
        if working { try CLIErrorWrap { try session.clear(.workingState) }; print("working state cleared"); return }
        if everything { try CLIErrorWrap { try session.clear(.everything) }; print("session \(session.namespace) emptied"); return }
        var targets = ids
        if let match {
            targets = session.items.filter { $0.text.lowercased().contains(match.lowercased()) }.map(\.id)
            if targets.isEmpty { throw CLIError("no item contains '\(match)'; nothing deleted") }
        }
        let unknown = targets.filter { session.item($0) == nil }
        if !unknown.isEmpty { throw CLIError("no item \(unknown.map(String.init).joined(separator: ", ")) in session \(session.namespace); nothing deleted") }
        for id in targets { try CLIErrorWrap { try session.delete(id) } }
        print("deleted \(targets.count) item\(targets.count == 1 ? "" : "s"): \(targets.map(String.init).joined(separator: ", "))")
    }
}
