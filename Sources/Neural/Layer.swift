/// Anything that maps one tensor to another: the unit `Sequential` chains.
///
/// Layers are values: their parameters are plain tensors, and running them changes nothing.
/// State carried between calls (streaming) lives in a separate stream object (`makeStream`).
public protocol Layer: Sendable {
    /// Runs the layer on a whole input (for recurrent layers: a whole sequence (N, T, F)).
    func callAsFunction(_ input: Tensor) throws -> Tensor
}
