/// Anything that maps one tensor to another: the unit `Sequential` chains.
///
/// Layers are values: their parameters are plain tensors, and running them changes nothing.
/// State carried between calls (streaming) lives in a separate stream object (`makeStream`).
public protocol Layer: Sendable {
    /// Runs the layer on a whole input (for recurrent layers: a whole sequence (N, T, F)).
    func callAsFunction(_ input: Tensor) throws -> Tensor

    /// A stream that runs this layer one timestep or one chunk at a time, keeping its state
    /// between calls (see `LayerStream`).
    /// - Parameter batchSize: N, fixed for the stream's life.
    /// - Throws: `NeuralError.invalidArgument` for layers that cannot stream.
    func makeStream(batchSize: Int) throws -> any LayerStream
}

extension Layer {
    public func makeStream(batchSize: Int) throws -> any LayerStream {
        throw NeuralError.invalidArgument("\(type(of: self)) cannot run as a stream")
    }
}
