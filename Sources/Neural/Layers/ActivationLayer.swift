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
}
