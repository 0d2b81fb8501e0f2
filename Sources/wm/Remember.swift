import ArgumentParser
import Foundation
import WorkingMemory

/// `wm remember`: receive one event into a session and show what the gates decided.
struct Remember: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Receive a turn (or note) into a session; prints what the input gate decided and why.",
        discussion: """
        Examples:
          wm remember "My favourite colour is green."
          wm remember --role assistant "Noted: green."
          wm remember --session trip --speaker Ana --time 2024-05-08T13:56 "I booked the flight to Porto."
          wm remember --pin "The gate code is 4411."        # explicit: admitted and pinned
          wm remember "我下周去上海开会。"
          pbpaste | wm remember -                            # the text from standard input
          wm remember --role tool --file notes.txt           # a long text from a file
        """
    )

    @OptionGroup var options: MemoryOptions
    @Option(help: "Who produced it: user, assistant, tool or observation.")
    var role: String = "user"
    @Option(help: "Speaker name, when several people speak.")
    var speaker: String?
    @Option(help: "When it happened (ISO 8601, UTC); default now.")
    var time: String?
    @Flag(help: "Explicit remember: admit and pin it.")
    var pin = false
    @Option(help: "Read the text from this file (UTF-8), e.g. a long document; a command-line argument is capped near 128 KiB.")
    var file: String?
    @Argument(help: "The text; - reads it from standard input.")
    var text: String?

    func validate() throws {
        if (text == nil) == (file == nil) { throw ValidationError("give the text, - (standard input) or --file PATH, one of them") }
    }

    /// The event's text: the argument, standard input or the file; a trailing line break (from `echo`, an
    /// editor) is not part of it.
    func eventText() throws -> String {
        guard text == nil || text == "-" else { return text! }
        let limit = 1_000_000
        var t = try InputFile.text(file ?? "-", flag: file == nil ? "TEXT (-)" : "--file", limit: limit)
        if t.hasSuffix("\r\n") { t.removeLast() } else if t.hasSuffix("\n") { t.removeLast() }
        return t
    }

    func run() throws {
        guard let role = MemoryEvent.Role(rawValue: role) else {
            throw CLIError("unknown role '\(role)'; use one of: user, assistant, tool, observation")
        }
        let date = try time.map(parseDate) ?? Date()
        let text = try eventText()
        let session = try options.openOrCreate()
        let r: Reception
        do { r = try session.receive(MemoryEvent(role, text, time: date, speaker: speaker, remember: pin)) } catch { throw CLIError(error) }
        let f = r.features
        let what = r.itemID.map { r.outcome == .rehearsed ? "refreshed item \($0)" : "item \($0)" } ?? "not stored as an item"
        print("event \(r.eventSeq) \(r.outcome.rawValue): \(what)  i=\(fmt(r.inputGate)) novelty=\(fmt(f["novelty"] ?? 0, 2)) salience=\(fmt(f["salience"] ?? 0, 2)) explicit=\(Int(f["explicit"] ?? 0))")
        if let original = r.clampedFrom { print("  time \(ISODate.string(original)) lay too far ahead of the wall clock: stored at the wall clock's time") }
        for v in r.slotChanges { print(Terminal.safe("  fact \(v.key) = \(v.value?.description ?? "(deleted)")")) }
        if !r.evicted.isEmpty { print("  left the verbal buffer: events \(r.evicted.map(String.init).joined(separator: ", "))") }
        if !r.faded.isEmpty { print("  faded: items \(r.faded.map(String.init).joined(separator: ", "))") }
    }
}
