import Foundation

/// BERT's tokenizer for uncased models, equal to Hugging Face's `BertTokenizer`/`BertTokenizerFast`:
/// normalisation (`BertNormalizer`), words (`BertPreTokenizer`), then WordPiece, greedy longest match
/// first with `##` continuations; a word with no split into vocabulary pieces, or longer than 100
/// scalars, becomes `[UNK]` (Wu et al. 2016; transformers' `WordpieceTokenizer`).
public struct WordPieceTokenizer: Sendable {
    /// Piece → id (the line number in `vocab.txt`).
    public let vocabulary: [String: Int]
    public let normalizer: BertNormalizer
    /// Longer words are `[UNK]` (BERT: 100).
    public var maxCharactersPerWord = 100
    public let unknownID: Int, classID: Int, separatorID: Int, paddingID: Int

    /// - Parameters:
    ///   - vocabulary: the pieces in id order (`vocab.txt`, one per line).
    ///   - normalizer: default uncased (lower-case, strip accents, split CJK).
    /// - Throws: `EmbeddingError.invalidModel` when [UNK], [CLS], [SEP] or [PAD] is missing.
    public init(vocabulary pieces: [String], normalizer: BertNormalizer = BertNormalizer()) throws {
        var v: [String: Int] = [:]
        v.reserveCapacity(pieces.count)
        for (i, p) in pieces.enumerated() where v[p] == nil { v[p] = i }
        func id(_ token: String) throws -> Int {
            guard let i = v[token] else { throw EmbeddingError.invalidModel("the vocabulary has no \(token) token") }
            return i
        }
        vocabulary = v
        self.normalizer = normalizer
        unknownID = try id("[UNK]")
        classID = try id("[CLS]")
        separatorID = try id("[SEP]")
        paddingID = try id("[PAD]")
    }

    /// Reads `vocab.txt` (one piece per line, UTF-8).
    public init(vocabularyFile path: String, normalizer: BertNormalizer = BertNormalizer()) throws {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw EmbeddingError.invalidModel("cannot read the vocabulary \(path) as UTF-8 text")
        }
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        try self.init(vocabulary: lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }, normalizer: normalizer)
    }

    /// The word pieces of `text`, without [CLS] and [SEP].
    public func pieces(_ text: String) -> [Int] {
        var ids: [Int] = []
        for word in BertPreTokenizer.words(normalizer.normalize(text)) { appendPieces(of: word, to: &ids) }
        return ids
    }

    /// `[CLS] pieces [SEP]`, the pieces cut so that the whole is at most `maxLength` ids
    /// (sentence-transformers: its `max_seq_length`).
    public func encode(_ text: String, maxLength: Int) -> [Int] {
        let body = pieces(text).prefix(max(0, maxLength - 2))
        return [classID] + body + [separatorID]
    }

    /// Ids padded to the longest sequence with [PAD], and the attention mask (1 real, 0 padding),
    /// as the Hugging Face tokenizer returns a batch with `padding=True`.
    public func batch(_ texts: [String], maxLength: Int) -> (ids: [[Int]], mask: [[Int]]) {
        let encoded = texts.map { encode($0, maxLength: maxLength) }
        let t = encoded.map(\.count).max() ?? 0
        return (encoded.map { $0 + Array(repeating: paddingID, count: t - $0.count) },
                encoded.map { Array(repeating: 1, count: $0.count) + Array(repeating: 0, count: t - $0.count) })
    }

    private func appendPieces(of word: String, to ids: inout [Int]) {
        let scalars = Array(word.unicodeScalars)
        if scalars.count > maxCharactersPerWord { ids.append(unknownID); return }
        var found: [Int] = []
        var start = 0
        while start < scalars.count {
            var end = scalars.count
            var match: Int?
            while start < end {
                var piece = String(String.UnicodeScalarView(scalars[start..<end]))
                if start > 0 { piece = "##" + piece }
                if let id = vocabulary[piece] { match = id; break }
                end -= 1
            }
            guard let id = match else { ids.append(unknownID); return }
            found.append(id)
            start = end
        }
        ids += found
    }
}
