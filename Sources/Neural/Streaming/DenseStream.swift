/// A layer that maps rows of features, one row at a time and independently: `Dense`, `Int8Dense`.
protocol RowMapping: Sendable {
    /// F: input features.
    var inputSize: Int { get }
    /// U: output features.
    var units: Int { get }
    /// out (rows, U) from x (rows, F).
    func apply(rows: Int, x: UnsafePointer<Float>?, out: UnsafeMutablePointer<Float>?)
}

extension Dense: RowMapping {}

/// A `Dense` layer in a stream: stateless, it maps each timestep's features as they come.
final class DenseStream<Mapping: RowMapping>: LayerStream {
    let batchSize: Int
    var inputWidth: Int { dense.inputSize }
    var outputWidth: Int { dense.units }
    private let dense: Mapping
    private let output: StreamBuffer

    init(_ dense: Mapping, batchSize: Int) throws {
        guard batchSize >= 1 else { throw NeuralError.invalidArgument("batch size must be at least 1, got \(batchSize)") }
        self.dense = dense
        self.batchSize = batchSize
        output = StreamBuffer(capacity: batchSize * dense.units)
    }

    func run(_ x: UnsafePointer<Float>, steps: Int) -> UnsafePointer<Float> {
        output.reserve(batchSize * steps * dense.units)
        dense.apply(rows: batchSize * steps, x: x, out: output.pointer)
        return UnsafePointer(output.pointer)
    }

    func reset() {}
}

extension Dense {
    public func makeStream(batchSize: Int) throws -> any LayerStream {
        try DenseStream(self, batchSize: batchSize)
    }
}
