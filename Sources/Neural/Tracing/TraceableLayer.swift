/// A layer whose internal signals can be recorded while it runs (tracing).
///
/// Tracing is off unless asked for: `callAsFunction` never records, and only `traced` pays for
/// it. A new layer kind (attention: its weights per query and key position) adopts this protocol
/// and `Sequential.traced` picks it up; layers without internal signals (Dense) need nothing.
public protocol TraceableLayer: Layer {
    /// Runs the layer like `callAsFunction` and records its signals.
    /// - Parameters:
    ///   - input: as for `callAsFunction`.
    ///   - name: the layer's name in its model, the prefix of its traces' names.
    /// - Returns: the output `callAsFunction` gives, bit for bit, and the traces.
    func traced(_ input: Tensor, name: String) throws -> TracedOutput
}
