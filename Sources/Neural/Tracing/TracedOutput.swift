/// What a traced run returns: the output the untraced run gives, bit for bit, and the
/// signals recorded on the way.
public struct TracedOutput: Sendable {
    /// The layer's or model's output.
    public var output: Tensor
    /// The traces of the layers that record any, input side first.
    public var layers: [LayerTrace]

    /// - Parameters: see the properties.
    public init(output: Tensor, layers: [LayerTrace]) {
        self.output = output
        self.layers = layers
    }

    /// The trace of the layer with this name, nil when there is none.
    public subscript(layer name: String) -> LayerTrace? { layers.first { $0.name == name } }
}
