/// A layer that can learn: a forward pass that saves what its backward pass needs, a backward
/// pass that turns ∂L/∂output into ∂L/∂input and adds ∂L/∂parameter to each parameter's gradient.
///
/// Layout inside training is time-major: a sequence batch is `TNF` (T timesteps, N samples,
/// F features), so every timestep's rows are contiguous and weight gradients over all timesteps
/// are one GEMM. A layer that does not return sequences outputs `NF`. `TrainingModel` converts
/// the user's `NTF` arrays at its boundary.
public protocol TrainableLayer: AnyObject {
    /// The parameters in canonical order (the order of the architecture's weight names).
    var parameters: [Parameter] { get }
    /// Architecture description, saved as JSON in checkpoints.
    var spec: LayerSpec { get }
    /// Runs the layer; when `training`, keeps the tape for `backward`.
    /// - Parameter x: (T, N, F) time-major, or (N, F).
    func forward(_ x: Tensor, training: Bool) throws -> Tensor
    /// Backpropagates through the last training forward pass (an LSTM layer throws when a forward
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
    public func resetState() {}
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
