import Foundation

/// LoCoMo's answer score (snap-research/LoCoMo, `task_eval/evaluation.py`): token F1 between a model's answer
/// and the gold one after normalising both (lower case, no punctuation, no commas, no "a/an/the/and", Porter
/// stems). Multi-hop questions (category 1) split both at commas and average, over the gold parts, the best F1
/// of any predicted part; open-domain answers (category 3) keep the part before a semicolon. The stemmer is the
/// reference C Porter stemmer; LoCoMo uses NLTK's, whose few extensions can change a stem now and then.
public enum AnswerF1 {
    static let stemmer = PorterStemmer()
    static let articles: Set<String> = ["a", "an", "the", "and"]

    /// The normalised, stemmed tokens of an answer.
    public static func tokens(_ text: String) -> [String] {
        let lowered = text.replacingOccurrences(of: ",", with: "").lowercased()
        let kept = lowered.unicodeScalars.filter { !($0.isASCII && CharacterSet.punctuationCharacters.union(.symbols).contains($0)) }
        return String(String.UnicodeScalarView(kept)).split(whereSeparator: \.isWhitespace).map(String.init)
            .filter { !articles.contains($0) }.map { stemmer.stem($0) }
    }

    /// Token F1 of one prediction against one gold answer (0 when they share no token).
    public static func tokenF1(_ prediction: String, _ truth: String) -> Double {
        let p = tokens(prediction), t = tokens(truth)
        var counts: [String: Int] = [:]
        for w in t { counts[w, default: 0] += 1 }
        var same = 0
        for w in p where counts[w, default: 0] > 0 { counts[w]! -= 1; same += 1 }
        if same == 0 { return 0 }
        let precision = Double(same) / Double(p.count), recall = Double(same) / Double(t.count)
        return 2 * precision * recall / (precision + recall)
    }

    /// The score of an answer to a question of `category` (1 multi-hop, 2 temporal, 3 open-domain, 4 single-hop).
    public static func score(_ prediction: String, gold: String, category: Int) -> Double {
        switch category {
        case 1:
            let predictions = prediction.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let truths = gold.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if truths.isEmpty { return 0 }
            let best = truths.map { t in predictions.map { tokenF1($0, t) }.max() ?? 0 }
            return best.reduce(0, +) / Double(best.count)
        case 3:
            return tokenF1(prediction, gold.split(separator: ";").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? gold)
        default:
            return tokenF1(prediction, gold)
        }
    }
}
