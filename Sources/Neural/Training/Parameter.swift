/// A trainable tensor with its gradient; optimizers update `value` in place from `gradient`.
///
/// A class so that a layer, the optimizer and a checkpoint all refer to the same storage.
public final class Parameter {
    /// Name inside its layer in the engine's canonical naming (`kernel`, `recurrent_kernel`,
    /// `bias`, `recurrent_bias`, `embeddings`).
    public let name: String
    /// The current value.
    public var value: Tensor
    /// ∂L/∂value accumulated by the last backward pass (same shape as `value`).
    public var gradient: Tensor

    /// - Parameters:
    ///   - name: canonical name inside the layer.
    ///   - value: initial value.
    public init(name: String, value: Tensor) {
        self.name = name
        self.value = value
        self.gradient = .zeros(value.shape)
    }

    /// Sets the gradient to zero (before a new backward pass).
    public func zeroGradient() {
        gradient.scalars.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
}
