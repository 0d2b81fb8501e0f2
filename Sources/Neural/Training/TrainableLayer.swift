/// A layer that can learn: a forward pass that saves what its backward pass needs, a backward
/// pass that turns ∂L/∂output into ∂L/∂input and adds ∂L/∂parameter to each parameter's gradient.
///
/// Layout inside training is time-major: a sequence batch is `TNF` (T timesteps, N samples,
/// F features), so every timestep's rows are contiguous and weight gradients over all timesteps
/// are one GEMM. A layer that does not return sequences outputs `NF`. `TrainingModel` converts
/// the user's `NTF` arrays at its boundary.
///
/// Each layer kind owns its description (`spec`), its parameters under their PyTorch and Keras
/// names (`namedParameters`), and its conversions to the inference engine (`inference()`) and
/// back (`TrainableConvertible`): checkpoints, `TrainingModel.sequential()` and
/// `TrainingModel(_ sequential:)` go through these alone.
public protocol TrainableLayer: AnyObject {
    /// Architecture description, saved as JSON in checkpoints.
    var spec: LayerSpec { get }
    /// The parameters in canonical order, with their PyTorch and Keras names.
    var namedParameters: [NamedParameter] { get }
    /// An inference layer with the current weights (batch-major, like the user's arrays).
    /// - Throws: `NeuralError` when the inference engine has no such layer.
    func inference() throws -> any Layer
    /// Runs the layer; when `training`, keeps the tape for `backward`.
    /// - Parameter x: (T, N, F) time-major, or (N, F).
    func forward(_ x: Tensor, training: Bool) throws -> Tensor
    /// Backpropagates through the last training forward pass (an LSTM or GRU layer throws when a forward
    /// pass with `training: false` came after it: that pass keeps no tape).
    /// - Parameters:
    ///   - gradient: ∂L/∂output, same shape as the last output.
    ///   - needsInputGradient: false for the first layer, whose ∂L/∂input nobody reads.
    /// - Returns: ∂L/∂input (same shape as the last input), or nil when not needed.
    func backward(_ gradient: Tensor, needsInputGradient: Bool) throws -> Tensor?
    /// Forgets the state carried between batches by stateful layers (no-op otherwise).
    func resetState()
}

extension TrainableLayer {
    /// The parameters in canonical order (the order of `namedParameters`).
    public var parameters: [Parameter] { namedParameters.map(\.parameter) }

    public func resetState() {}
}

/// An inference layer that the training engine can train: `TrainingModel(_ sequential:)`.
public protocol TrainableConvertible: Layer {
    /// Trainable layers with this layer's weights (stacked recurrent layers give one each).
    func trainableLayers() throws -> [TrainableLayer]
}

/// Checks that x has `rank` axes and `features` in its last axis.
func checkInput(_ x: Tensor, ranks: Set<Int>, features: Int, layer: String) throws {
    guard ranks.contains(x.rank) else {
        throw NeuralError.invalidShape("\(layer) expects an input of rank \(ranks.sorted()), got shape \(x.shape)")
    }
    guard x.shape.last == features else {
        throw NeuralError.shapeMismatch("\(layer) expects \(features) input features, got shape \(x.shape)")
    }
}
