/// One layer, one direction, of a gated recurrent network (LSTM or GRU), with its parameters in
/// the engine's canonical layout.
///
/// Canonical layout (G gates, F input features, H hidden units):
/// - `inputKernel`     W_x (F, G·H) row-major, so x·W_x is one GEMM for all N·T timesteps;
/// - `recurrentKernel` W_h (H, G·H) row-major, one GEMM (GEMV when N = 1) per step;
/// - `inputBias`       b_x (G·H), added to the input projection;
/// - `recurrentBias`   b_h (G·H), added to the recurrent projection.
/// Column block g·H..<(g+1)·H of each holds gate g; the gate order is the cell's (see `LSTM`, `GRU`).
/// This is Keras's own layout (kernel, recurrent_kernel); PyTorch's `weight_ih_l0` (G·H, F) is its
/// transpose. Keras has a single bias for LSTM, which loads as b_x with b_h = 0.
///
/// Two implementations live side by side and are tested against each other:
/// `referenceForward` follows the equations one sample and one dot product at a time;
/// `forward` projects all timesteps in one GEMM, runs one GEMM per step for the recurrent part,
/// and does the gate math in place in preallocated buffers (no allocation per step).
public protocol RecurrentCell: Sendable {
    /// G: gates per unit (LSTM 4, GRU 3).
    static var gateCount: Int { get }
    /// Whether the cell carries a cell state c besides h (LSTM yes, GRU no).
    static var hasCellState: Bool { get }
    /// Short name for messages ("LSTM", "GRU").
    static var kindName: String { get }
    /// Extra floats per batch row that `step` needs as scratch.
    static func scratchPerRow(hidden: Int) -> Int

    /// W_x (F, G·H).
    var inputKernel: Tensor { get }
    /// W_h (H, G·H).
    var recurrentKernel: Tensor { get }
    /// W_x packed for `sgemm(packedB:)`, always in step with `inputKernel`.
    var packedInputKernel: PackedMatrix { get }
    /// W_h packed, always in step with `recurrentKernel`.
    var packedRecurrentKernel: PackedMatrix { get }
    /// b_x (G·H).
    var inputBias: Tensor { get }
    /// b_h (G·H).
    var recurrentBias: Tensor { get }

    /// One timestep for one sample, straight from the equations (the reference path).
    /// - Parameters:
    ///   - x: input x_t (F).
    ///   - h: previous hidden state h_{t−1} (H).
    ///   - c: previous cell state c_{t−1} (H); empty for cells without one.
    /// - Returns: h_t and c_t (c_t empty for cells without a cell state).
    func referenceStep(x: ArraySlice<Float>, h: [Float], c: [Float]) -> (h: [Float], c: [Float])

    /// One timestep for a batch, in place (the fast path).
    /// - Parameters:
    ///   - batch: N.
    ///   - projection: row n at `projection + n·projectionStride` holds x_t·W_x + b_x (G·H floats);
    ///     the step may overwrite it.
    ///   - h: h_{t−1} (N, H) contiguous on entry, h_t on return.
    ///   - c: c_{t−1} (N, H) on entry, c_t on return (untouched by cells without a cell state).
    ///   - scratch: at least N · `scratchPerRow(hidden:)` floats.
    func step(
        batch: Int, projection: UnsafeMutablePointer<Float>, projectionStride: Int,
        h: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>)
}

extension RecurrentCell {
    /// F: input features.
    public var inputSize: Int { inputKernel.shape[0] }
    /// H: hidden units.
    public var hiddenSize: Int { recurrentKernel.shape[0] }

    /// Checks that four parameter tensors have the canonical shapes of a cell with `gates` gates.
    static func validateParameters(
        inputKernel: Tensor, recurrentKernel: Tensor, inputBias: Tensor, recurrentBias: Tensor
    ) throws {
        let g = gateCount
        guard inputKernel.rank == 2 else {
            throw NeuralError.invalidShape("\(kindName) input kernel must be (F, \(g)·H), got \(inputKernel.shape)")
        }
        guard recurrentKernel.rank == 2, recurrentKernel.shape[1] == g * recurrentKernel.shape[0] else {
            throw NeuralError.invalidShape(
                "\(kindName) recurrent kernel must be (H, \(g)·H), got \(recurrentKernel.shape)")
        }
        let gh = recurrentKernel.shape[1]
        guard inputKernel.shape[1] == gh else {
            throw NeuralError.shapeMismatch(
                "\(kindName) input kernel \(inputKernel.shape) must have \(gh) columns like the recurrent kernel \(recurrentKernel.shape)")
        }
        guard inputBias.shape == [gh] else {
            throw NeuralError.shapeMismatch("\(kindName) input bias must be [\(gh)], got \(inputBias.shape)")
        }
        guard recurrentBias.shape == [gh] else {
            throw NeuralError.shapeMismatch("\(kindName) recurrent bias must be [\(gh)], got \(recurrentBias.shape)")
        }
    }

    /// Checks an input (N, T, F) and an optional initial state against this cell; returns (N, T).
    func validate(input x: Tensor, initialState: RecurrentState?) throws -> (batch: Int, steps: Int) {
        guard x.rank == 3 else {
            throw NeuralError.invalidShape("\(Self.kindName) input must be (N, T, F), got \(x.shape)")
        }
        guard x.shape[2] == inputSize else {
            throw NeuralError.shapeMismatch(
                "\(Self.kindName) expects \(inputSize) input features, got input of shape \(x.shape)")
        }
        let (n, h) = (x.shape[0], hiddenSize)
        if let s = initialState {
            guard s.h.shape == [n, h] else {
                throw NeuralError.shapeMismatch("initial h must be [\(n), \(h)], got \(s.h.shape)")
            }
            if Self.hasCellState {
                guard let c = s.c else {
                    throw NeuralError.invalidArgument("\(Self.kindName) initial state needs a cell state c")
                }
                guard c.shape == [n, h] else {
                    throw NeuralError.shapeMismatch("initial c must be [\(n), \(h)], got \(c.shape)")
                }
            }
        }
        return (n, x.shape[1])
    }

    /// Runs the cell over a whole sequence (fast path).
    /// - Parameters:
    ///   - x: input (N, T, F).
    ///   - initialState: h_0 (N, H) and, for LSTM, c_0 (N, H); zeros when nil.
    ///   - reverse: run from t = T−1 down to 0 (the backward half of a bidirectional layer);
    ///     outputs stay aligned with their input timestep, as in PyTorch and Keras.
    /// - Returns: every h_t as (N, T, H) and the final state.
    // Layers reach the cells through `any Layer`, whose witnesses run the generic code; these
    // pre-specialisations spare each call the generic dispatch and metadata look-ups.
    @_specialize(where Self == LSTM)
    @_specialize(where Self == GRU)
    public func forward(
        _ x: Tensor, initialState: RecurrentState? = nil, reverse: Bool = false
    ) throws -> (output: Tensor, state: RecurrentState) {
        try forward(x, initialState: initialState, reverse: reverse, observer: nil)
    }

    /// `forward`, with an observer that sees every step (tracing, `Tracing/`); nil runs the
    /// untraced fast path unchanged.
    @_specialize(where Self == LSTM)
    @_specialize(where Self == GRU)
    func forward(
        _ x: Tensor, initialState: RecurrentState?, reverse: Bool, observer: (any RecurrentStepObserver)?
    ) throws -> (output: Tensor, state: RecurrentState) {
        let (n, t) = try validate(input: x, initialState: initialState)
        let hs = hiddenSize
        var state = initialState ?? .zeros(batch: n, hidden: hs, hasCellState: Self.hasCellState)
        if !Self.hasCellState { state.c = nil }
        var output = Tensor.zeros([n, t, hs])
        var c = state.c?.scalars ?? []
        if c.isEmpty { c = [Float](repeating: 0, count: n * hs) }
        let workspace = RecurrentWorkspace()
        x.scalars.withUnsafeBufferPointer { xp in
            state.h.scalars.withUnsafeMutableBufferPointer { hp in
                c.withUnsafeMutableBufferPointer { cp in
                    output.scalars.withUnsafeMutableBufferPointer { op in
                        run(x: xp.baseAddress, batch: n, steps: t, reverse: reverse,
                            h: hp.baseAddress, c: cp.baseAddress,
                            output: op.baseAddress, outputStride: hs, workspace: workspace, observer: observer)
                    }
                }
            }
        }
        if Self.hasCellState { state.c = try Tensor(shape: [n, hs], scalars: c) }
        return (output, state)
    }

    /// Runs the cell over a whole sequence one sample and one timestep at a time, straight from
    /// the equations: the reference that `forward` is tested against. Same contract as `forward`.
    public func referenceForward(
        _ x: Tensor, initialState: RecurrentState? = nil, reverse: Bool = false
    ) throws -> (output: Tensor, state: RecurrentState) {
        let (n, t) = try validate(input: x, initialState: initialState)
        let (f, hs) = (inputSize, hiddenSize)
        var output = Tensor.zeros([n, t, hs])
        var hOut = [Float](), cOut = [Float]()
        for b in 0..<n {
            var h = initialState.map { Array($0.h.scalars[b * hs..<(b + 1) * hs]) }
                ?? [Float](repeating: 0, count: hs)
            var c: [Float] = []
            if Self.hasCellState {
                c = initialState?.c.map { Array($0.scalars[b * hs..<(b + 1) * hs]) }
                    ?? [Float](repeating: 0, count: hs)
            }
            for s in 0..<t {
                let step = reverse ? t - 1 - s : s
                let start = (b * t + step) * f
                (h, c) = referenceStep(x: x.scalars[start..<start + f], h: h, c: c)
                output.scalars.replaceSubrange((b * t + step) * hs..<(b * t + step + 1) * hs, with: h)
            }
            hOut += h
            cOut += c
        }
        let state = RecurrentState(
            h: try Tensor(shape: [n, hs], scalars: hOut),
            c: Self.hasCellState ? try Tensor(shape: [n, hs], scalars: cOut) : nil)
        return (output, state)
    }

    /// The fast path over raw buffers: the projection GEMM for all timesteps, then one `step` per
    /// timestep. Layers that stack or concatenate directions call this directly.
    /// - Parameters:
    ///   - x: input (N, T, F) contiguous.
    ///   - h: h_0 (N, H) on entry, h_T on return.  - c: c_0 / c_T (N, H) (LSTM only).
    ///   - output: where h_t of sample n goes: `output + (n·T + t)·outputStride` (H floats);
    ///     nil to keep only the final state.
    ///   - workspace: buffers, grown on demand and reused across calls.
    ///   - observer: sees each step's inputs and outputs (tracing); the run then stays on one
    ///     thread, whose results the batch-split and two-core paths reproduce bit for bit.
    @_specialize(where Self == LSTM)
    @_specialize(where Self == GRU)
    func run(
        x: UnsafePointer<Float>?, batch n: Int, steps t: Int, reverse: Bool,
        h: UnsafeMutablePointer<Float>?, c: UnsafeMutablePointer<Float>?,
        output: UnsafeMutablePointer<Float>?, outputStride: Int,
        workspace: RecurrentWorkspace, observer: (any RecurrentStepObserver)? = nil
    ) {
        guard n > 0, t > 0, let x, let h else { return }
        let (f, hs) = (inputSize, hiddenSize)
        let gh = Self.gateCount * hs
        // Batch rows are independent: with enough work, each core runs a slice of the batch through
        // every timestep on its own (no synchronisation per step; its products stay single-threaded).
        let parts = min(defaultGEMMThreads(), n / 16, 2 * n * t * (f + hs) * gh / 50_000_000)
        if parts > 1, observer == nil {
            let shared = RecurrentSlices(x: x, h: h, c: c, output: output, parts: workspace.parts(parts))
            forEachPart(parts) { p in
                let lo = n * p / parts, hi = n * (p + 1) / parts
                withSerialProducts {
                    run(x: shared.x + lo * t * f, batch: hi - lo, steps: t, reverse: reverse,
                        h: shared.h + lo * hs, c: shared.c.map { $0 + lo * hs },
                        output: shared.output.map { $0 + lo * t * outputStride }, outputStride: outputStride,
                        workspace: shared.parts[p])
                }
            }
            return
        }
        // One sample: the steps are GEMVs bound by reading W_h from L2; two cores each read half
        // of it (a persistent worker thread, one hand-off per step; bit-identical results).
        if n == 1, t > 1, !reverse, let output, observer == nil, defaultGEMMThreads() > 1,
           let lstm = self as? LSTM,
           lstm.runSplit(x: x, steps: t, h: h, c: c, output: output, outputStride: outputStride, workspace: workspace) {
            return
        }
        let rows = n * t
        // A small sequence projects every timestep at once (one GEMM); a large one projects each
        // timestep just before its step, so the (N, G·H) projection stays in cache instead of a
        // (N·T, G·H) buffer (100 MB for N = 256, T = 100) going through memory three times.
        let allAtOnce = rows * gh <= 256 * 1024
        workspace.reserve(projection: (allAtOnce ? rows : n) * gh, scratch: n * Self.scratchPerRow(hidden: hs))
        let proj = workspace.projection.baseAddress!
        let scratch = workspace.scratch.baseAddress!
        let cPointer = c ?? scratch  // cells without a cell state never touch it
        inputBias.scalars.withUnsafeBufferPointer { bias in
            let b = bias.baseAddress!
            if allAtOnce {
                // Projection of every timestep at once: P = X·W_x + b_x, (N·T, G·H).
                for r in 0..<rows { (proj + r * gh).update(from: b, count: gh) }
                if f > 0 { sgemm(m: rows, a: x, lda: f, packedB: packedInputKernel, beta: 1, c: proj, ldc: gh) }
            }
            for s in 0..<t {
                let step = reverse ? t - 1 - s : s
                if allAtOnce {
                    observer?.willStep(step, batch: n, projection: proj + step * gh, projectionStride: t * gh, h: h, c: c)
                    self.step(batch: n, projection: proj + step * gh, projectionStride: t * gh,
                              h: h, c: cPointer, scratch: scratch)
                } else {
                    // P_t = X_t·W_x + b_x, (N, G·H); row n of X_t is x + (n·T + t)·F.
                    for r in 0..<n { (proj + r * gh).update(from: b, count: gh) }
                    if f > 0 {
                        sgemm(m: n, a: x + step * f, lda: t * f, packedB: packedInputKernel, beta: 1, c: proj, ldc: gh)
                    }
                    observer?.willStep(step, batch: n, projection: proj, projectionStride: gh, h: h, c: c)
                    self.step(batch: n, projection: proj, projectionStride: gh, h: h, c: cPointer, scratch: scratch)
                }
                observer?.didStep(step, batch: n, h: h, c: c)
                if let output {
                    for b in 0..<n {
                        (output + (b * t + step) * outputStride).update(from: h + b * hs, count: hs)
                    }
                }
            }
        }
    }
}

/// The buffers of one `run`, handed to the cores that each run a slice of the batch (the slices
/// touch disjoint rows).
private struct RecurrentSlices: @unchecked Sendable {
    let x: UnsafePointer<Float>
    let h: UnsafeMutablePointer<Float>
    let c: UnsafeMutablePointer<Float>?
    let output: UnsafeMutablePointer<Float>?
    let parts: [RecurrentWorkspace]
}

/// Buffers of the fast recurrent path, kept between calls so that steady-state steps allocate nothing.
/// A class so that it frees its memory when the last user lets go.
final class RecurrentWorkspace {
    /// Input projections (N·T, G·H).
    private(set) var projection: UnsafeMutableBufferPointer<Float> = .init(start: nil, count: 0)
    /// Per-step scratch (N · scratchPerRow).
    private(set) var scratch: UnsafeMutableBufferPointer<Float> = .init(start: nil, count: 0)

    /// Workspaces of the batch slices when a run is split across cores (made on first use).
    private var slices: [RecurrentWorkspace] = []

    init() {}

    /// `count` workspaces for the slices of a split run.
    func parts(_ count: Int) -> [RecurrentWorkspace] {
        while slices.count < count { slices.append(RecurrentWorkspace()) }
        return Array(slices.prefix(count))
    }

    /// Grows the buffers to at least the given sizes (never shrinks them).
    func reserve(projection p: Int, scratch s: Int) {
        if projection.count < p {
            projection.deallocate()
            projection = .allocate(capacity: p)
        }
        if scratch.count < max(s, 1) {
            scratch.deallocate()
            scratch = .allocate(capacity: max(s, 1))
            scratch.initialize(repeating: 0)
        }
    }

    deinit {
        projection.deallocate()
        scratch.deallocate()
    }
}
