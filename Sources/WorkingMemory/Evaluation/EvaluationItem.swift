import Foundation

/// One memory item of a retrieval evaluation file (ITEMS.jsonl).
///
/// Fields: `item_id` (string or integer), `text`, a group key (`conv_id`, or `corpus_id` when
/// absent); optional: `session_date_iso` or `date_iso`, `speaker`, `session` (the episode key),
/// `blip_caption` (a caption of an image shared with the turn).
public struct EvaluationItem: Sendable, Equatable {
    public var id: String
    public var group: String
    public var text: String
    public var date: Date?
    public var speaker: String?
    public var session: String?
    public var caption: String?

    /// Parses ITEMS.jsonl.
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - source: its name, for error messages.
    /// - Throws: ``MemoryError/invalidArgument(_:)`` naming the first bad line and what is wrong with it, or saying
    ///   that the file holds no item
    ///   (a missing or mistyped field, a bad date, an item id repeated within its group).
    public static func parseLines(_ data: Data, source: String = "items") throws -> [EvaluationItem] {
        var out: [EvaluationItem] = []
        var seen: [String: Set<String>] = [:]
        for (line, o) in try JSONLines.objects(in: data, source: source) {
            let id = try JSONLines.string(o, "item_id", source: source, line: line)
            guard let group = try JSONLines.optionalString(o, "conv_id", source: source, line: line)
                ?? JSONLines.optionalString(o, "corpus_id", source: source, line: line) else {
                throw MemoryError.invalidArgument("\(source) line \(line): missing group key: 'conv_id' or 'corpus_id'")
            }
            let text = try JSONLines.string(o, "text", source: source, line: line)
            let date = try JSONLines.optionalDate(o, "session_date_iso", source: source, line: line)
                ?? JSONLines.optionalDate(o, "date_iso", source: source, line: line)
            guard seen[group, default: []].insert(id).inserted else {
                throw MemoryError.invalidArgument("\(source) line \(line): item_id '\(id)' appears twice in group '\(group)'")
            }
            out.append(EvaluationItem(
                id: id, group: group, text: text, date: date,
                speaker: try JSONLines.optionalString(o, "speaker", source: source, line: line),
                session: try JSONLines.optionalString(o, "session", source: source, line: line),
                caption: try JSONLines.optionalString(o, "blip_caption", source: source, line: line)))
        }
        if out.isEmpty { throw MemoryError.invalidArgument("\(source) holds no items (the file is empty or holds only blank lines)") }
        return out
    }
}
