import Foundation

/// One question of a retrieval evaluation file (QUERIES.jsonl).
///
/// Fields: `qid` (string or integer), the group key (`conv_id` or `corpus_id`), `question`;
/// optional `question_date_iso`; for scoring: `evidence_ids` (the relevant item ids),
/// `category` (integer), `evaluated` (false leaves the question out of the score).
public struct EvaluationQuery: Sendable, Equatable {
    public var id: String
    public var group: String
    public var question: String
    public var date: Date?
    public var evidence: [String]
    public var category: Int?
    public var evaluated: Bool

    /// Parses QUERIES.jsonl.
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - source: its name, for error messages.
    /// - Throws: ``MemoryError/invalidArgument(_:)`` naming the first bad line and what is wrong with it.
    public static func parseLines(_ data: Data, source: String = "queries") throws -> [EvaluationQuery] {
        var out: [EvaluationQuery] = []
        var seen = Set<String>()
        for (line, o) in try JSONLines.objects(in: data, source: source) {
            let id = try JSONLines.string(o, "qid", source: source, line: line)
            guard seen.insert(id).inserted else { throw MemoryError.invalidArgument("\(source) line \(line): qid '\(id)' appears twice") }
            guard let group = try JSONLines.optionalString(o, "conv_id", source: source, line: line)
                ?? JSONLines.optionalString(o, "corpus_id", source: source, line: line) else {
                throw MemoryError.invalidArgument("\(source) line \(line): missing group key: 'conv_id' or 'corpus_id'")
            }
            let question = try JSONLines.string(o, "question", source: source, line: line)
            let date = try JSONLines.optionalDate(o, "question_date_iso", source: source, line: line)
            var evidence: [String] = []
            if let raw = o["evidence_ids"], !(raw is NSNull) {
                guard let list = raw as? [Any] else { throw MemoryError.invalidArgument("\(source) line \(line): field 'evidence_ids' must be a list") }
                evidence = try list.map { v in
                    if let s = v as? String { return s }
                    if let n = v as? NSNumber { return String(n.int64Value) }
                    throw MemoryError.invalidArgument("\(source) line \(line): field 'evidence_ids' must hold strings")
                }
            }
            var category: Int?
            if let raw = o["category"], !(raw is NSNull) {
                guard let n = raw as? NSNumber, n.doubleValue == n.doubleValue.rounded() else {
                    throw MemoryError.invalidArgument("\(source) line \(line): field 'category' must be an integer")
                }
                category = n.intValue
            }
            let evaluated = (o["evaluated"] as? Bool) ?? true
            out.append(EvaluationQuery(id: id, group: group, question: question, date: date, evidence: evidence, category: category, evaluated: evaluated))
        }
        return out
    }
}
