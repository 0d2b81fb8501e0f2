import Foundation
@testable import Embeddings

/// The all-MiniLM-L6-v2 folder the parity tests run (`$WM_ENCODER_MODEL`, else the default
/// places of `ModelLocator`); nil when none is installed (scripts/setup/encoder-model.sh installs it).
let installedModel: SentenceTransformerFolder? = try? ModelLocator().locate(ProcessInfo.processInfo.environment["WM_ENCODER_MODEL"])

/// The encoder of `installedModel`, loaded once for the whole test run.
let installedEncoder: SentenceEncoder? = installedModel.flatMap { try? SentenceEncoder(folder: $0) }

let modelAbsent = "no all-MiniLM-L6-v2 folder (set WM_ENCODER_MODEL or run scripts/setup/encoder-model.sh); the encoder parity test is skipped"

/// The committed fixture written by scripts/fixtures/make_encoder_fixtures.py.
struct ParityFixture: Decodable {
    var model: String
    var max_seq_length: Int
    var texts: [String]
    var ids: [[Int]]
    var embeddings: [[Float]]

    static func load() throws -> ParityFixture {
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("encoder_parity.json")
        return try JSONDecoder().decode(ParityFixture.self, from: Data(contentsOf: url))
    }
}

/// A vocabulary for tokenizer tests: the special tokens, then the given pieces.
func tokenizer(_ pieces: [String], normalizer: BertNormalizer = BertNormalizer()) throws -> WordPieceTokenizer {
    try WordPieceTokenizer(vocabulary: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + pieces, normalizer: normalizer)
}

func cosine(_ a: [Float], _ b: [Float]) -> Float {
    var dot: Float = 0, na: Float = 0, nb: Float = 0
    for (x, y) in zip(a, b) { dot += x * y; na += x * x; nb += y * y }
    return dot / max((na * nb).squareRoot(), 1e-30)
}
