extension TrainingModel {
    /// The weight matrices of the Dense, LSTM and GRU layers under their checkpoint names
    /// (`layer<i>.weight_ih_l0`, `layer<i>.weight`, …): what quantization and pruning act on.
    /// Biases and embedding tables are left out (an embedding row is a lookup, not a product).
    public var weightMatrices: [(name: String, parameter: Parameter)] {
        layers.enumerated().flatMap { i, layer in
            layer.namedParameters
                .filter { $0.pytorchTransposed && $0.parameter.value.rank == 2 }
                .map { ("layer\(i).\($0.pytorchName)", $0.parameter) }
        }
    }
}
