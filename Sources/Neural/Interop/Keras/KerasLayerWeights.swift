/// One layer's weights as its configuration expects them: taken in Keras' variable order, each
/// checked for its shape and for NaN or infinities, and every stored weight accounted for.
struct KerasLayerWeights {
    /// The layer's Keras name, for messages.
    let layer: String
    /// The group its variables are stored in (`layers/lstm_1`).
    let group: String
    let weights: KerasWeights
    /// The dataset paths taken so far.
    private(set) var used: Set<String> = []

    init(layer: String, group: String, weights: KerasWeights) {
        self.layer = layer
        self.group = group
        self.weights = weights
    }

    /// The variables of subgroup `sub` (`cell`, `forward_layer/cell`, `layer`; empty: the
    /// layer's own), which must be exactly `expected` in order.
    /// - Parameter expected: each variable's Keras name and shape; -1 accepts any extent (an
    ///   input width the configuration leaves open).
    /// - Throws: `KerasError.missingWeight`, `.weightShape`, `.nonFiniteWeight` naming the weight
    ///   and its dataset.
    mutating func take(_ sub: String, _ expected: [(name: String, shape: [Int])]) throws -> [Tensor] {
        let path = sub.isEmpty ? group : group + "/" + sub
        let stored = weights.variables(path)
        var out: [Tensor] = []
        for (i, e) in expected.enumerated() {
            let label = (sub.isEmpty ? "" : sub + "/") + e.name
            guard i < stored.count else {
                throw KerasError.missingWeight(layer: layer, weight: "\(label) (\(path)/vars/\(i))", found: weights.weights(under: group))
            }
            let (datasetPath, t) = stored[i]
            guard t.rank == e.shape.count, zip(t.shape, e.shape).allSatisfy({ $1 == -1 || $0 == $1 }) else {
                throw KerasError.weightShape(layer: layer, weight: "\(label) (\(datasetPath))", expected: e.shape, actual: t.shape)
            }
            if let bad = t.scalars.firstIndex(where: { !$0.isFinite }) {
                throw KerasError.nonFiniteWeight(layer: layer, weight: "\(label) (\(datasetPath))", index: bad, value: t.scalars[bad])
            }
            used.insert(datasetPath)
            out.append(t)
        }
        return out
    }

    /// Refuses weights stored for this layer that its configuration did not take (a `use_bias`
    /// or `units` that disagrees with the file, or weights of another model).
    func checkAllUsed() throws {
        let extra = weights.weights(under: group).filter { !used.contains($0) }
        if !extra.isEmpty { throw KerasError.unusedWeights(layer: layer, weights: extra) }
    }
}
