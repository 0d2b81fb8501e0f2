/// The architecture of one trainable layer, as stored in a checkpoint's JSON.
///
/// Weight tensors of the layer at index i are saved as `layers.i.<name>` in canonical layout
/// (kernel (F, G·H), recurrent_kernel (H, G·H), bias, recurrent_bias); a bidirectional layer
/// adds `forward.` and `backward.` before the name.
public indirect enum LayerSpec: Codable, Sendable, Equatable {
    case lstm(units: Int, inputSize: Int, returnSequences: Bool, stateful: Bool)
    case gru(units: Int, inputSize: Int, returnSequences: Bool, stateful: Bool, gateOrder: String, resetAfter: Bool)
    case dense(units: Int, inputSize: Int, activation: Activation)
    case timeDistributed(LayerSpec)
    case bidirectional(LayerSpec)
    case embedding(vocabularySize: Int, dimension: Int)
}

// The inference engine's `Activation` names serve as the architecture JSON's activation names.
extension Activation: Codable {}
