/// The weights of a Keras 3 weights file, found layer by layer.
///
/// Keras 3 (`saving_lib._save_state`) writes each saveable object's own variables as datasets
/// `vars/0`, `vars/1`, … of a group, in the order the layer created them, and each child object
/// in a subgroup named after the attribute that holds it: `cell` of an LSTM or GRU,
/// `forward_layer` / `backward_layer` of a Bidirectional, `layer` of a TimeDistributed. A model's
/// layer list is the group `layers`, each layer named after its class in snake_case, counted
/// from the second of a class on (`lstm`, `lstm_1`, `time_distributed`), not after its own name.
/// Random-number state (`seed_generator`) and optimizer state are not weights.
struct KerasWeights {
    /// Datasets by path.
    let tensors: [String: Tensor]
    /// The file, for messages.
    let file: String

    /// The group each layer of a model's layer list is saved in (Keras'
    /// `_save_container_state`): snake_case class name, then `_1`, `_2`, … for repeats.
    /// - Parameter classes: the layers' classes, in the model's order (a Sequential's list
    ///   leaves its `InputLayer` out; a Functional's keeps it).
    static func groupNames(classes: [String]) -> [String] {
        var used: [String: Int] = [:]
        return classes.map { className in
            let base = snakeCase(className)
            if let n = used[base] {
                used[base] = n + 1
                return "\(base)_\(n + 1)"
            }
            used[base] = 0
            return base
        }
    }

    /// Keras' `naming.to_snake_case`: `TimeDistributed` → `time_distributed`, `LSTM` → `lstm`,
    /// `SpatialDropout1D` → `spatial_dropout1d`.
    static func snakeCase(_ name: String) -> String {
        let chars = Array(name.filter { $0.isLetter || $0.isNumber || $0 == "_" })
        // (.)([A-Z][a-z]+) → \1_\2, then ([a-z])([A-Z]) → \1_\2, then lower case.
        var first: [Character] = []
        for (i, c) in chars.enumerated() {
            if i > 0, c.isUppercase, i + 1 < chars.count, chars[i + 1].isLowercase { first.append("_") }
            first.append(c)
        }
        var out: [Character] = []
        for (i, c) in first.enumerated() {
            if i > 0, c.isUppercase, first[i - 1].isLowercase { out.append("_") }
            out.append(c)
        }
        return String(out).lowercased()
    }

    /// The variables `group/vars/0…` in order (gaps end the list).
    func variables(_ group: String) -> [(path: String, tensor: Tensor)] {
        var out: [(String, Tensor)] = []
        while let t = tensors["\(group)/vars/\(out.count)"] {
            out.append(("\(group)/vars/\(out.count)", t))
        }
        return out
    }

    /// The weight datasets under `group` (random-number state left out).
    func weights(under group: String) -> [String] {
        tensors.keys.filter { $0.hasPrefix(group + "/") && !$0.contains("seed_generator") }
    }

    /// Whether anything is stored under `group`.
    func contains(group: String) -> Bool {
        tensors.keys.contains { $0.hasPrefix(group + "/") }
    }

    /// The groups directly under `layers/`, for messages.
    var layerGroups: [String] {
        Array(Set(tensors.keys.compactMap { key -> String? in
            let parts = key.split(separator: "/")
            return parts.count > 1 && parts[0] == "layers" ? String(parts[1]) : nil
        })).sorted()
    }
}
