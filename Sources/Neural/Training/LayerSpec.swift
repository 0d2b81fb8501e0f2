/// The architecture of one trainable layer, as stored in a checkpoint's JSON.
///
/// Weight tensors of the layer at index i are saved as `layers.i.<name>` in canonical layout
/// (kernel (F, G·H), recurrent_kernel (H, G·H), bias, recurrent_bias); a bidirectional layer
/// adds `forward.` and `backward.` before the name.
public indirect enum LayerSpec: Codable, Sendable, Equatable {
    case lstm(units: Int, inputSize: Int, returnSequences: Bool, stateful: Bool)
    case gru(units: Int, inputSize: Int, returnSequences: Bool, stateful: Bool, gateOrder: String)
    case dense(units: Int, inputSize: Int, activation: DenseActivation)
    case timeDistributed(LayerSpec)
    case bidirectional(LayerSpec)
    case embedding(vocabularySize: Int, dimension: Int)
}

/// Elementwise activation after a Dense layer.
public enum DenseActivation: String, Codable, Sendable {
    case linear, relu, tanh, sigmoid
}
