/// An activation as a layer of its own, over the last axis (Keras `Activation("softmax")`,
/// `ReLU()`, `Softmax()`): (…, W) → (…, W).
public struct ActivationLayer: Layer {
    /// The function applied (softmax normalises over the last axis).
    public var activation: Activation
    /// W, the features per row it is built for (what a stream of it carries).
    public var width: Int

    /// - Parameters:
    ///   - activation: applied elementwise (softmax: per row).  - width: W, features per row.
    public init(_ activation: Activation, width: Int) {
        self.activation = activation
        self.width = width
    }

    /// (…, W) → (…, W).
    /// - Throws: `NeuralError.shapeMismatch` when the last axis is not W.
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        guard x.rank >= 1, x.shape[x.rank - 1] == width else {
            throw NeuralError.shapeMismatch("\(activation.rawValue) activation expects (…, \(width)), got \(x.shape)")
        }
        var y = x
        let rows = width == 0 ? 0 : x.count / width
        y.scalars.withUnsafeMutableBufferPointer { activation.apply($0.baseAddress!, rows: rows, width: width) }
        return y
    }

    public func makeStream(batchSize: Int) throws -> any LayerStream {
        try ActivationStream(self, batchSize: batchSize)
    }
}

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
