/// A `Sequential` model running step by step: each layer's stream feeds the next, and every
/// recurrent layer keeps its state between calls until `reset()`.
///
///     let stream = try model.stream(batchSize: 1)
///     for t in 0..<T { let y = try stream.step(x[t]) }   // (1, F) → (1, U), state carried
///     stream.reset()                                      // next sequence starts from zeros
public final class SequentialStream: LayerStream {
    public let batchSize: Int
    public let inputWidth: Int
    public let outputWidth: Int
    private let streams: [any LayerStream]

    /// - Parameters:
    ///   - streams: one per layer, input side first.  - batchSize: N.
    /// - Throws: `NeuralError` when the widths of consecutive streams do not chain.
    init(streams: [any LayerStream], batchSize: Int) throws {
        guard let first = streams.first, let last = streams.last else {
            throw NeuralError.invalidArgument("a Sequential stream needs at least one layer")
        }
        for (i, (a, b)) in zip(streams, streams.dropFirst()).enumerated() where a.outputWidth != b.inputWidth {
            throw NeuralError.shapeMismatch(
                "layer \(i) outputs \(a.outputWidth) features but layer \(i + 1) expects \(b.inputWidth)")
        }
        self.streams = streams
        self.batchSize = batchSize
        inputWidth = first.inputWidth
        outputWidth = last.outputWidth
    }

    public func run(_ x: UnsafePointer<Float>, steps: Int) -> UnsafePointer<Float> {
        var h = x
        for s in streams { h = s.run(h, steps: steps) }
        return h
    }

    public func reset() {
        for s in streams { s.reset() }
    }

    /// The first layer's check (an `Embedding` first rejects bad ids). Deeper layers get the
    /// previous layer's outputs, which `run` produced and which need no check.
    public func checkInput(_ x: UnsafePointer<Float>, steps: Int) throws {
        try streams.first?.checkInput(x, steps: steps)
    }
}
