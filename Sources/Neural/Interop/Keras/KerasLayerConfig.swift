/// One layer entry of `config.json` (`{"class_name": "LSTM", "config": {...}, ...}`) with typed,
/// checked access to its options: a missing option takes Keras' default, a wrong-typed one is an
/// error naming the layer and the option.
struct KerasLayerConfig {
    /// Keras class, e.g. `LSTM`.
    let className: String
    /// The layer's name in the model, e.g. `lstm_1` (what its weights are stored under).
    let name: String
    /// The class's options (`get_config()`).
    let options: [String: KerasJSON]
    /// The whole entry (Functional models keep `inbound_nodes` beside `config`).
    let entry: [String: KerasJSON]

    /// - Parameters:
    ///   - json: the layer entry.
    ///   - position: where it sits, for messages when it has no name (`layer 3`).
    /// - Throws: `KerasError.unreadableConfig` when the entry has no class or no options object.
    init(_ json: KerasJSON, position: String) throws {
        guard let entry = json.object else {
            throw KerasError.unreadableConfig(file: "config.json", reason: "\(position) is \(json.brief), not a layer object")
        }
        guard let className = entry["class_name"]?.string, !className.isEmpty else {
            throw KerasError.unreadableConfig(file: "config.json", reason: "\(position) has no class_name")
        }
        let options = entry["config"]?.object ?? [:]
        if let c = entry["config"], c.object == nil, c != .null {
            throw KerasError.unreadableConfig(file: "config.json", reason: "\(position) (\(className)): config is \(c.brief), not an object")
        }
        self.className = className
        self.name = options["name"]?.string ?? entry["name"]?.string ?? position
        self.options = options
        self.entry = entry
    }

    /// Option `key` as a Boolean, `fallback` when absent or null.
    func bool(_ key: String, default fallback: Bool) throws -> Bool {
        switch options[key] {
        case nil, .null?: return fallback
        case .bool(let b)?: return b
        case let other?: throw invalid(key, "must be true or false, got \(other.brief)")
        }
    }

    /// Option `key` as a whole number in `range`; required when `fallback` is nil.
    func int(_ key: String, in range: ClosedRange<Int>, default fallback: Int? = nil) throws -> Int {
        guard let value = options[key], value != .null else {
            if let fallback { return fallback }
            throw invalid(key, "is missing")
        }
        guard let n = value.integer(in: range) else {
            throw invalid(key, "must be a whole number in \(range.lowerBound)…\(range.upperBound), got \(value.brief)")
        }
        return n
    }

    /// Option `key` as text, `fallback` when absent; nil only when `key` is null or absent without fallback.
    func string(_ key: String, default fallback: String? = nil) throws -> String? {
        switch options[key] {
        case nil, .null?: return fallback
        case .string(let s)?: return s
        case let other?: throw invalid(key, "must be text, got \(other.brief)")
        }
    }

    /// An activation option: Keras writes a built-in one as its name (`"relu"`), older versions as
    /// `{"class_name": "function", "config": "relu"}`.
    /// - Throws: `KerasError.unsupportedOption` for an activation the engine lacks.
    func activation(_ key: String, default fallback: Activation) throws -> Activation {
        guard let value = options[key], value != .null else { return fallback }
        let name: String
        if let s = value.string {
            name = s
        } else if let s = value.object?["config"]?.string {
            name = s
        } else if let s = value.object?["config"]?.object?["name"]?.string {
            name = s
        } else {
            throw invalid(key, "must be an activation name, got \(value.brief)")
        }
        return try Self.activation(named: name, layer: self.name, className: className, option: key)
    }

    /// The engine's activation of Keras name `name`.
    static func activation(named name: String, layer: String, className: String, option: String) throws -> Activation {
        if let a = Activation(rawValue: name) { return a }
        throw KerasError.unsupportedOption(
            layer: layer, className: className, option: option, value: "'\(name)'",
            supported: Activation.allCases.map(\.rawValue).joined(separator: ", "))
    }

    /// Refuses option `key` unless it is absent, null, or one of `accepted`.
    func require(_ key: String, in accepted: [KerasJSON], supported: String) throws {
        guard let value = options[key], value != .null, !accepted.contains(value) else { return }
        throw KerasError.unsupportedOption(layer: name, className: className, option: key, value: value.brief, supported: supported)
    }

    /// A nested layer entry (`TimeDistributed`'s and `Bidirectional`'s `layer`).
    func nested(_ key: String) throws -> KerasLayerConfig {
        guard let value = options[key], value != .null else { throw invalid(key, "is missing") }
        return try KerasLayerConfig(value, position: "\(name).\(key)")
    }

    func invalid(_ key: String, _ reason: String) -> KerasError {
        .invalidOption(layer: name, className: className, option: key, reason: reason)
    }
}
