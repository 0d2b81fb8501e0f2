/// A bidirectional recurrent layer: one copy runs forward in time, one backward, and their
/// outputs are concatenated on the feature axis, forward half first (Keras `merge_mode="concat"`,
/// PyTorch `bidirectional=True`). Without return sequences the output is [h_T of the forward
/// copy, h at t = 0 of the backward copy] (N, 2H), as both frameworks return.
public final class TrainableBidirectional: TrainableLayer {
    public let forwardLayer: TrainableRecurrent
    public let backwardLayer: TrainableRecurrent

    /// - Parameters:
    ///   - forward: the forward-in-time layer; `backward` is a fresh layer of the same shape
    ///     with `reverse = true`.
    public init(forward: TrainableRecurrent, backward: TrainableRecurrent) {
        precondition(forward.units == backward.units && forward.inputSize == backward.inputSize
            && forward.returnSequences == backward.returnSequences, "both directions must have the same shape")
        forwardLayer = forward
        backwardLayer = backward
        backwardLayer.reverse = true
    }

    public var spec: LayerSpec { .bidirectional(forwardLayer.spec) }

    /// The forward direction's, then the backward's: PyTorch adds `_reverse` to its names
    /// (`weight_ih_l0_reverse`), Keras puts them under `backward_layer/`.
    public var namedParameters: [NamedParameter] {
        forwardLayer.namedParameters(pytorchSuffix: "", kerasPrefix: "forward_layer/")
            + backwardLayer.namedParameters(pytorchSuffix: "_reverse", kerasPrefix: "backward_layer/")
    }

    /// A `Recurrent` of the two directions (Keras `Bidirectional`, PyTorch `bidirectional=True`).
    public func inference() throws -> any Layer { try forwardLayer.inference(directions: [forwardLayer, backwardLayer]) }

    public func resetState() {
        forwardLayer.resetState()
        backwardLayer.resetState()
    }

    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        let a = try forwardLayer.forward(x, training: training)
        let b = try backwardLayer.forward(x, training: training)
        return try concatenateFeatures(a, b)
    }

    public func backward(_ gradient: Tensor, needsInputGradient: Bool) throws -> Tensor? {
        let h = forwardLayer.units
        let (ga, gb) = try splitFeatures(gradient, h)
        let da = try forwardLayer.backward(ga, needsInputGradient: needsInputGradient)
        let db = try backwardLayer.backward(gb, needsInputGradient: needsInputGradient)
        guard var da, let db else { return nil }
        for i in 0..<da.count { da.scalars[i] += db.scalars[i] }
        return da
    }
}

/// [a, b] along the last axis.
func concatenateFeatures(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let (fa, fb) = (a.shape.last!, b.shape.last!)
    let rows = a.count / max(fa, 1)
    var out = [Float]()
    out.reserveCapacity(a.count + b.count)
    for r in 0..<rows {
        out += a.scalars[r * fa..<(r + 1) * fa]
        out += b.scalars[r * fb..<(r + 1) * fb]
    }
    return try Tensor(shape: Array(a.shape.dropLast()) + [fa + fb], scalars: out)
}

/// The inverse of `concatenateFeatures`: the first `first` features and the rest.
func splitFeatures(_ x: Tensor, _ first: Int) throws -> (Tensor, Tensor) {
    let f = x.shape.last!
    let rows = x.count / max(f, 1)
    var a = [Float](), b = [Float]()
    a.reserveCapacity(rows * first)
    b.reserveCapacity(rows * (f - first))
    for r in 0..<rows {
        a += x.scalars[r * f..<r * f + first]
        b += x.scalars[r * f + first..<(r + 1) * f]
    }
    let lead = Array(x.shape.dropLast())
    return (try Tensor(shape: lead + [first], scalars: a), try Tensor(shape: lead + [f - first], scalars: b))
}
