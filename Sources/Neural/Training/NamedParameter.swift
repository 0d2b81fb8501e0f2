/// A parameter under the names the reference frameworks give it.
///
/// Checkpoints store `pytorchName` (inside the layer's prefix, `layer<i>.weight_ih_l0`), in
/// PyTorch's layout, so `load_state_dict` and `WeightLoader` read them as they are.
public struct NamedParameter {
    /// The tensor, in the engine's layout (e.g. W_x (F, G·H)).
    public let parameter: Parameter
    /// PyTorch's `state_dict` name inside the layer (`weight_ih_l0`, `weight`, `bias`).
    public let pytorchName: String
    /// Keras' weight name inside the layer (`kernel`, `recurrent_kernel`, `bias`, `embeddings`).
    /// Keras keeps some tensors in another form: a GRU's blocks z, r, h, its two biases as one
    /// (2, 3H) `bias`; an LSTM's single `bias` is b_x + b_h (see `FrameworkWeights.swift`).
    public let kerasName: String
    /// PyTorch stores the transpose of the engine's layout (`weight_ih_l0` (G·H, F),
    /// `nn.Linear.weight` (U, F)).
    public let pytorchTransposed: Bool

    public init(_ parameter: Parameter, pytorch: String, keras: String, pytorchTransposed: Bool = false) {
        self.parameter = parameter
        pytorchName = pytorch
        kerasName = keras
        self.pytorchTransposed = pytorchTransposed
    }
}
