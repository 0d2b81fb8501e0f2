import Foundation

/// The part of a memory that a query is about, for the memories section: the sentences that share a word with
/// the query, the skipped ones marked `…`. A memory of one sentence, of several lines (a list or a note, whose
/// lines are not sentences), or one whose sentences the query does not cue word by word (it came by a
/// neighbour, a date or a vector), is shown whole.
///
/// Why: on LoCoMo a turn costs about 30 tokens, and at 1,024 tokens the budget, not retrieval, bounds how many
/// retrieved turns reach the prompt (retrieval's recall@30 is 0.87; the prompt held 0.81 of the evidence with
/// whole turns). Query-focused excerpts (extractive summarisation; Carbonell & Goldstein 1998 rank passages
/// the same way) let more of the retrieved turns in: 0.85 on the same questions (docs/llm.md).
enum MemoryExcerpt {
    /// - Parameters:
    ///   - text: the memory's text.
    ///   - queryTerms: the query's analysed terms.
    ///   - terms: the analyser (the index's), so that words match as retrieval matched them.
    static func excerpt(_ text: String, queryTerms: Set<String>, terms: (String) -> [String]) -> String {
        guard !queryTerms.isEmpty, !text.contains(where: \.isNewline) else { return text }
        let pieces = sentences(text)
        guard pieces.count >= 2 else { return text }
        let keep = pieces.map { terms($0).contains(where: queryTerms.contains) }
        if !keep.contains(true) || !keep.contains(false) { return text }
        var out: [String] = []
        for (i, piece) in pieces.enumerated() {
            if keep[i] { out.append(piece) } else if out.last != "…" { out.append("…") }
        }
        return out.joined(separator: " ")
    }

    /// The sentences of a text: cut after `.`, `!`, `?` followed by white space and after `。！？`, and before a
    /// bracketed aside such as ` [shares a photo: …]`; each trimmed, none empty.
    static func sentences(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var previous: Character?
        func flush() {
            let s = current.trimmingCharacters(in: .whitespaces)
            if !s.isEmpty { out.append(s) }
            current = ""
        }
        for c in text {
            if c == "[" && previous == " " { flush() }
            if c.isWhitespace, let p = previous, ".!?".contains(p) { flush() }
            current.append(c)
            if "。！？".contains(c) { flush() }
            previous = c
        }
        flush()
        return out
    }
}
