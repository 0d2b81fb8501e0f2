import Foundation

/// Recall@k of rankings against evidence: for one question, the share of its evidence ids found
/// in the top k; averaged over questions.
///
/// `overall` covers questions with `evaluated` true and category 1-4 (or no category); category 5
/// (LoCoMo's adversarial questions) is reported apart, in `byCategory` only.
public struct RecallReport: Sendable, Equatable {
    /// The cut-offs reported.
    public static let cutoffs = [1, 5, 10, 20]

    /// Mean recall@k of a set of questions.
    public struct Row: Sendable, Equatable {
        public var name: String
        public var questions: Int
        /// Mean recall at each of ``RecallReport/cutoffs``.
        public var recall: [Double]
    }

    public var overall: Row
    /// One row per category seen among evaluated questions, ascending.
    public var byCategory: [Row]
    /// Evaluated questions with no ranking (scored 0).
    public var missingRankings: Int

    /// - Parameters:
    ///   - queries: the questions with their evidence.
    ///   - rankings: qid -> ranked ids, best first.
    public init(queries: [EvaluationQuery], rankings: [String: [String]]) {
        let cut = Self.cutoffs
        var sums: [Int: [Double]] = [:], counts: [Int: Int] = [:]
        var overallSum = [Double](repeating: 0, count: cut.count), overallCount = 0
        var missing = 0
        for q in queries where q.evaluated && !q.evidence.isEmpty {
            let ranked = rankings[q.id] ?? []
            if rankings[q.id] == nil { missing += 1 }
            let evidence = Set(q.evidence)
            var r = [Double](repeating: 0, count: cut.count)
            for (j, k) in cut.enumerated() {
                r[j] = Double(evidence.intersection(ranked.prefix(k)).count) / Double(evidence.count)
            }
            let c = q.category ?? 0
            sums[c, default: [Double](repeating: 0, count: cut.count)] = zip(sums[c] ?? [Double](repeating: 0, count: cut.count), r).map(+)
            counts[c, default: 0] += 1
            if c != 5 { overallSum = zip(overallSum, r).map(+); overallCount += 1 }
        }
        func mean(_ s: [Double], _ n: Int) -> [Double] { s.map { n > 0 ? $0 / Double(n) : 0 } }
        overall = Row(name: "overall (cat 1-4)", questions: overallCount, recall: mean(overallSum, overallCount))
        byCategory = sums.keys.sorted().map { c in Row(name: "category \(c)", questions: counts[c]!, recall: mean(sums[c]!, counts[c]!)) }
        missingRankings = missing
    }

    /// The report as a plain-text table.
    public var table: String {
        func fmt(_ x: Double) -> String { String(format: "%.3f", x) }
        var lines = ["set                  questions  " + Self.cutoffs.map { "R@\($0)".padding(toLength: 6, withPad: " ", startingAt: 0) }.joined(separator: " ")]
        for row in [overall] + byCategory {
            lines.append(row.name.padding(toLength: 20, withPad: " ", startingAt: 0) + " "
                + String(row.questions).leftPadded(9) + "  " + row.recall.map { fmt($0).padding(toLength: 6, withPad: " ", startingAt: 0) }.joined(separator: " "))
        }
        if missingRankings > 0 { lines.append("(\(missingRankings) evaluated questions had no ranking and scored 0)") }
        return lines.joined(separator: "\n")
    }
}

private extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
