extension Sequential {
    /// Runs the model like `callAsFunction`, recording the signals of every layer that can
    /// trace (`TraceableLayer`); layer i is named `layer<i>`, as in a training checkpoint.
    /// - Parameter x: the model's input.
    /// - Returns: the model's output, bit for bit the untraced one, and the traces.
    public func traced(_ x: Tensor) throws -> TracedOutput {
        var h = x
        var traces: [LayerTrace] = []
        for (i, layer) in layers.enumerated() {
            if let traceable = layer as? any TraceableLayer {
                let r = try traceable.traced(h, name: "layer\(i)")
                h = r.output
                traces += r.layers
            } else {
                h = try layer(h)
            }
        }
        return TracedOutput(output: h, layers: traces)
    }
}
