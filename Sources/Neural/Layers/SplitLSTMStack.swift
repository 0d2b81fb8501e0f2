import CKernels
import Foundation

/// The batch-1 fast path of a `Sequential` that starts with LSTM layers: every leading LSTM layer
/// runs in one two-core job (`ck_lstm_split_stack`), then an optional Dense head, in buffers kept
/// between calls.
///
/// Why: a batch-1 forward of the seed model (LSTM(128) → LSTM(64) → Dense(10), T = 10) takes
/// about 16 µs of kernels; layer by layer, the Swift around them (a tensor per output and state,
/// a workspace, bias copies, one worker hand-off per layer) added 2–3 µs more. Here the worker
/// runs its half of every layer without a hand-off, and a call allocates only its output.
///
/// Same kernels on the same operands as the layer-by-layer path, so the output is bit-identical
/// to it (tests check this). It applies when the input is (1, T, F); anything else, or a call
/// made while another thread runs the same model, takes the layer-by-layer path.
final class SplitLSTMStack: @unchecked Sendable {
    /// The LSTM cells from the input side, each with its split-layout parameters.
    private let kernels: [LSTMSplitKernels]
    /// (F, H) of each cell.
    private let sizes: [(features: Int, hidden: Int)]
    /// The Dense layer right after the LSTM layers (plain or in `TimeDistributed`), if any.
    private let head: Dense?
    /// How many of the model's layers this runs (the LSTM layers and the head).
    let layerCount: Int
    /// b_x, b_h (4H each) of every cell in the split layout, where the C job can read them.
    private let biases: UnsafeMutablePointer<Float>

    /// Guards the buffers: one call at a time uses them.
    private let lock = NSLock()
    /// Per layer: z (T, 4H), outputs (T, H), c (H), then the shared h_0 = 0 (max H).
    private var buffer = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    private var descriptors: UnsafeMutablePointer<ck_lstm_split_layer>
    /// The T the buffers are laid out for.
    private var steps = 0

    /// nil unless the model starts with at least one LSTM layer that has the split layout:
    /// `Recurrent<LSTM>` of one direction returning sequences (stacked layers count one by one),
    /// H a multiple of 64.
    /// - Parameter layers: the model's layers, input side first.
    init?(_ layers: [any Layer]) {
        var cells: [LSTM] = []
        var used = 0
        for layer in layers {
            guard let r = layer as? Recurrent<LSTM>, r.returnSequences, r.directions == 1,
                  r.cells.allSatisfy({ $0[0].split != nil }) else { break }
            cells += r.cells.map { $0[0] }
            used += 1
        }
        guard !cells.isEmpty else { return nil }
        for (l, cell) in cells.enumerated().dropFirst() where cell.inputSize != cells[l - 1].hiddenSize { return nil }
        var head: Dense?
        if used < layers.count {
            let next = layers[used]
            head = (next as? Dense) ?? (next as? TimeDistributed<Dense>)?.layer
            if let d = head, d.inputSize != cells[cells.count - 1].hiddenSize { head = nil }
            if head != nil { used += 1 }
        }
        kernels = cells.map { $0.split! }
        sizes = cells.map { ($0.inputSize, $0.hiddenSize) }
        self.head = head
        layerCount = used
        descriptors = .allocate(capacity: cells.count)
        biases = .allocate(capacity: max(1, cells.reduce(0) { $0 + 8 * $1.hiddenSize }))
        var b = biases
        for k in kernels {
            b.initialize(from: k.inputBias, count: k.inputBias.count)
            b.advanced(by: k.inputBias.count).initialize(from: k.recurrentBias, count: k.recurrentBias.count)
            b += k.inputBias.count + k.recurrentBias.count
        }
    }

    deinit {
        buffer.deallocate()
        descriptors.deallocate()
        biases.deallocate()
    }

    /// Floats of buffer per timestep: z (4H) and the outputs (H) of every layer.
    private var floatsPerStep: Int { sizes.reduce(0) { $0 + 5 * $1.hidden } }
    /// The largest buffer kept between calls (16 MB); longer sequences take the layer-by-layer
    /// path, whose buffers live for one call (their Swift overhead is small next to their work).
    static let maxBufferFloats = 1 << 22

    /// F: input features of the first layer.
    var inputSize: Int { sizes[0].features }

    /// Runs the LSTM layers and the head on x (1, T, F).
    /// - Returns: (1, T, U) of the head (or (1, T, H) of the last LSTM layer); nil when this path
    ///   does not apply (another batch size or F, or another thread is running the model).
    func callAsFunction(_ x: Tensor) -> Tensor? {
        guard x.rank == 3, x.shape[0] == 1, x.shape[2] == inputSize, x.shape[1] > 0,
              x.shape[1] * floatsPerStep <= Self.maxBufferFloats else { return nil }
        guard lock.try() else { return nil }
        defer { lock.unlock() }
        let t = x.shape[1]
        if t != steps { layOut(steps: t) }
        for l in 0..<sizes.count {
            // c_0 = 0 (h_0 = 0 is never written).
            descriptors[l].c.update(repeating: 0, count: sizes[l].hidden)
        }
        let last = descriptors[sizes.count - 1]
        let width = head?.units ?? sizes[sizes.count - 1].hidden
        let twoCores = defaultGEMMThreads() > 1
        var ran = false
        let y = [Float](unsafeUninitializedCapacity: t * width) { out, count in
            ran = x.scalars.withUnsafeBufferPointer { xp in
                ck_lstm_split_stack(CKernelPath.best.c, t, xp.baseAddress, inputSize, sizes.count, descriptors,
                                    twoCores ? 1 : 0) != 0
            }
            if ran {
                if let head {
                    head.apply(rows: t, x: UnsafePointer(last.out), out: out.baseAddress)
                } else {
                    out.baseAddress!.update(from: last.out, count: t * width)
                }
                count = t * width
            } else {
                count = 0
            }
        }
        return ran ? try? Tensor(shape: [1, t, width], scalars: y) : nil
    }

    /// Sizes the buffers for T steps and fills the layer descriptors.
    private func layOut(steps t: Int) {
        let floats = sizes.reduce(0) { $0 + t * 4 * $1.hidden + t * $1.hidden + $1.hidden }
            + (sizes.map(\.hidden).max() ?? 0)
        // 64 bytes between blocks: each block starts on its own cache line.
        let bytes = (floats + 16 * (3 * sizes.count + 1)) * 4
        if buffer.count < bytes {
            buffer.deallocate()
            buffer = .allocate(byteCount: bytes, alignment: 64)
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
        }
        var next = buffer.baseAddress!
        func take(_ n: Int) -> UnsafeMutablePointer<Float> {
            let p = next.bindMemory(to: Float.self, capacity: n)
            next += (n * 4 + 63) / 64 * 64
            return p
        }
        let h0 = take(sizes.map(\.hidden).max() ?? 0)
        h0.update(repeating: 0, count: sizes.map(\.hidden).max() ?? 0)
        var bias = biases
        for (l, (f, h)) in sizes.enumerated() {
            let k = kernels[l]
            descriptors[l] = ck_lstm_split_layer(
                features: f, hidden: h, wx: k.input.storage, wh: k.recurrent.storage,
                bx: bias, bh: bias + 4 * h, h0: h0,
                c: take(h), z: take(t * 4 * h), out: take(t * h), ldo: h)
            bias += 8 * h
        }
        steps = t
    }
}
