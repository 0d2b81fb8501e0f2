import Foundation

extension Safetensors {
    /// The weights of a Keras weights file (`model.save_weights("model.weights.h5")`, or Keras 2's
    /// `.h5`) under the names `WeightLoader` reads, so `wm nn predict --weights FILE.weights.h5
    /// --layers lstm,lstm_1,time_distributed` runs it like a safetensors file.
    ///
    /// Keras 3 stores variables by position (`layers/lstm/cell/vars/0`); they are named here by
    /// Keras' creation order: a recurrent cell's `kernel`, `recurrent_kernel`, `bias`; a Dense's
    /// `kernel`, `bias`; an Embedding's (a group named `embedding…`) `embeddings`. The layer
    /// prefix is the group under `layers/` (`lstm/cell/kernel`). Keras 2 names
    /// (`lstm/lstm/lstm_cell/kernel:0`) are kept as they are. Random-number and optimizer state
    /// is left out.
    /// - Throws: `KerasError.unreadableWeights` for a file that is no readable HDF5 file.
    public init(kerasWeightsAt path: String) throws {
        let datasets = try HDF5File(contentsOf: path).datasets
        var tensors: [String: Tensor] = [:]
        for (name, tensor) in datasets {
            let parts = name.split(separator: "/").map(String.init)
            if parts.contains(where: { $0 == "seed_generator" || $0 == "optimizer" }) { continue }
            guard parts.count >= 3, parts[parts.count - 2] == "vars", let index = Int(parts[parts.count - 1]) else {
                if !parts.contains("vars") { tensors[name] = tensor }  // Keras 2 names
                continue
            }
            var owner = Array(parts.dropLast(2))
            if owner.first == "layers" { owner.removeFirst() }
            guard !owner.isEmpty else { continue }  // the model's own (empty) variables
            // A variable beyond Keras' known ones keeps its position, so the loader names it as unexpected.
            let role = Self.kerasRole(owner: owner, index: index) ?? "var_\(index)"
            tensors[(owner + [role]).joined(separator: "/")] = tensor
        }
        self.init(tensors: tensors, metadata: ["source": path])
    }

    /// The Keras name of variable `index` in the group `owner` (Keras' creation order).
    static func kerasRole(owner: [String], index: Int) -> String? {
        let roles: [String]
        if owner.last == "cell" {
            roles = ["kernel", "recurrent_kernel", "bias"]
        } else if owner.count == 1, let group = owner.first, group == "embedding" || group.hasPrefix("embedding_") {
            roles = ["embeddings"]
        } else {
            roles = ["kernel", "bias"]
        }
        return index < roles.count ? roles[index] : nil
    }
}
