/// A layer running step by step: feed one timestep or a chunk of timesteps per call; recurrent
/// state carries over between calls until `reset()`. Feeding a sequence in any split gives the
/// same outputs as running it whole.
///
/// Buffers are allocated when the stream is made (and grown if a longer chunk arrives), so a
/// steady stream of single steps allocates nothing. The pointer API is the zero-allocation path;
/// the `Tensor` API (`step`, `callAsFunction`) wraps it for convenience.
public protocol LayerStream: AnyObject {
    /// N.
    var batchSize: Int { get }
    /// F: features per timestep going in.
    var inputWidth: Int { get }
    /// Features per timestep coming out.
    var outputWidth: Int { get }

    /// Runs `steps` timesteps.
    /// - Parameters:
    ///   - x: (N, steps, inputWidth), contiguous, row-major.
    ///   - steps: timesteps in this chunk (1 for a single step).
    /// - Returns: (N, steps, outputWidth) in the stream's own buffer, valid until the next call.
    func run(_ x: UnsafePointer<Float>, steps: Int) -> UnsafePointer<Float>

    /// Forgets the carried state: the next call starts from zeros, as a fresh stream would.
    func reset()

    /// Checks the values of a chunk before `run` sees it: `run` itself cannot throw, so a layer
    /// whose input can be invalid (an `Embedding`'s ids) says so here. The `Tensor` API (`step`,
    /// `callAsFunction`) calls it first, and a chunk it rejects leaves the state untouched.
    /// Default: every value is accepted.
    /// - Parameters:
    ///   - x: (N, steps, inputWidth), as for `run`.  - steps: timesteps in the chunk.
    /// - Throws: `NeuralError.invalidArgument` naming the first bad value.
    func checkInput(_ x: UnsafePointer<Float>, steps: Int) throws
}

extension LayerStream {
    public func checkInput(_ x: UnsafePointer<Float>, steps: Int) throws {}

    /// One timestep: x (N, F) → (N, outputWidth).
    /// - Throws: `NeuralError` when x is not (N, F) or `checkInput` rejects it (nothing is run).
    public func step(_ x: Tensor) throws -> Tensor {
        guard x.shape == [batchSize, inputWidth] else {
            throw NeuralError.shapeMismatch("stream step expects [\(batchSize), \(inputWidth)], got \(x.shape)")
        }
        var out = Tensor.zeros([batchSize, outputWidth])
        try x.scalars.withUnsafeBufferPointer { xp in
            try checkInput(xp.baseAddress!, steps: 1)
            let y = run(xp.baseAddress!, steps: 1)
            out.scalars.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: y, count: $0.count) }
        }
        return out
    }

    /// A chunk of timesteps: x (N, T, F) → (N, T, outputWidth).
    /// - Throws: `NeuralError` when x is not (N, T, F) or `checkInput` rejects it (nothing is run).
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        guard x.rank == 3, x.shape[0] == batchSize, x.shape[2] == inputWidth else {
            throw NeuralError.shapeMismatch("stream expects [\(batchSize), T, \(inputWidth)], got \(x.shape)")
        }
        let t = x.shape[1]
        var out = Tensor.zeros([batchSize, t, outputWidth])
        if t == 0 { return out }
        try x.scalars.withUnsafeBufferPointer { xp in
            try checkInput(xp.baseAddress!, steps: t)
            let y = run(xp.baseAddress!, steps: t)
            out.scalars.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: y, count: $0.count) }
        }
        return out
    }
}

/// A growable float buffer owned by a stream.
final class StreamBuffer {
    private(set) var pointer: UnsafeMutablePointer<Float>
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        pointer = .allocate(capacity: self.capacity)
        pointer.initialize(repeating: 0, count: self.capacity)
    }

    /// Makes room for `count` floats (contents are not kept when it grows).
    func reserve(_ count: Int) {
        guard count > capacity else { return }
        pointer.deallocate()
        capacity = count
        pointer = .allocate(capacity: count)
        pointer.initialize(repeating: 0, count: count)
    }

    func zero() { pointer.update(repeating: 0, count: capacity) }

    deinit { pointer.deallocate() }
}
