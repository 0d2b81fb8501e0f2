/// An `ActivationLayer` in a stream: stateless, each timestep as it comes.
final class ActivationStream: LayerStream {
    let batchSize: Int
    var inputWidth: Int { layer.width }
    var outputWidth: Int { layer.width }
    private let layer: ActivationLayer
    private let output: StreamBuffer

    init(_ layer: ActivationLayer, batchSize: Int) throws {
        guard batchSize >= 1 else { throw NeuralError.invalidArgument("batch size must be at least 1, got \(batchSize)") }
        self.layer = layer
        self.batchSize = batchSize
        output = StreamBuffer(capacity: batchSize * layer.width)
    }

    func run(_ x: UnsafePointer<Float>, steps: Int) -> UnsafePointer<Float> {
        let count = batchSize * steps * layer.width
        output.reserve(count)
        output.pointer.update(from: x, count: count)
        layer.activation.apply(output.pointer, rows: batchSize * steps, width: layer.width)
        return UnsafePointer(output.pointer)
    }

    func reset() {}
}

extension ActivationLayer {
    public func makeStream(batchSize: Int) throws -> any LayerStream {
        try ActivationStream(self, batchSize: batchSize)
    }
}
