import ArgumentParser
import WorkingMemory

/// `wm recall`: search a session's episodic store (changes nothing).
struct Recall: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search a session's memories; best first, with strength and ranking features. Changes nothing.",
        discussion: """
        Examples:
          wm recall "favourite colour"
          wm recall --session trip --limit 3 "when is the flight"
          wm recall "上海 开会"
        """
    )

    @OptionGroup var options: MemoryOptions
    @Option(help: "How many items.")
    var limit = 5
    @Argument(help: "The query.")
    var query: String

    func validate() throws {
        if limit <= 0 { throw ValidationError("--limit must be positive, got \(limit)") }
    }

    func run() throws {
        let session = try options.existingSession(readOnly: true)
        let hits: [(item: MemoryItem, strength: Double, hit: IndexHit)]
        do { hits = try session.recall(query, limit: limit) } catch { throw CLIError(error) }
        if hits.isEmpty { print("(no memories in session \(Terminal.safe(session.namespace.description)))"); return }
        for h in hits {
            let f = h.hit.features
            print("#\(h.item.id)  score=\(fmt(h.hit.score)) strength=\(fmt(h.strength)) bm25=\(fmt(f["bm25"] ?? 0, 2)) neighbours=\(fmt(f["neighbours"] ?? 0, 2)) \(h.item.status == .faded ? "[faded] " : "")\(h.item.speaker.map { "\(Terminal.safe($0)): " } ?? "")\(Terminal.safe(h.item.text))")
        }
    }
}
