/// Records a cell's signals at every step of one run (the observer `tracedForward` hands to the
/// run): keeps each step's inputs until the step is done, then asks the cell for its signals.
final class RecurrentTraceRecorder<Cell: GateTracing>: RecurrentStepObserver {
    private let cell: Cell
    private let (batch, steps, hidden): (Int, Int, Int)
    /// The step's input projections and h_{t−1}, copied before the step overwrites them.
    private var projection: [Float]
    private var previous: [Float]
    /// (N, T, S·H): signal k of unit j of sample n at step t at `((n·T + t)·S + k)·H + j`.
    private(set) var values: [Float]

    init(cell: Cell, batch: Int, steps: Int) {
        self.cell = cell
        (self.batch, self.steps, hidden) = (batch, steps, cell.hiddenSize)
        projection = [Float](repeating: 0, count: batch * Cell.gateCount * cell.hiddenSize)
        previous = [Float](repeating: 0, count: batch * cell.hiddenSize)
        values = [Float](repeating: 0, count: batch * steps * Cell.traceSignals.count * cell.hiddenSize)
    }

    func willStep(
        _ step: Int, batch n: Int, projection p: UnsafePointer<Float>, projectionStride: Int,
        h: UnsafePointer<Float>, c: UnsafePointer<Float>?
    ) {
        let gh = Cell.gateCount * hidden
        projection.withUnsafeMutableBufferPointer { dst in
            for r in 0..<n { (dst.baseAddress! + r * gh).update(from: p + r * projectionStride, count: gh) }
        }
        previous.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: h, count: n * hidden) }
    }

    func didStep(_ step: Int, batch n: Int, h: UnsafePointer<Float>, c: UnsafePointer<Float>?) {
        let (gh, width) = (Cell.gateCount * hidden, Cell.traceSignals.count * hidden)
        projection.withUnsafeBufferPointer { p in
            previous.withUnsafeBufferPointer { prev in
                values.withUnsafeMutableBufferPointer { out in
                    for r in 0..<n {
                        cell.traceStep(
                            projection: p.baseAddress! + r * gh, hPrevious: prev.baseAddress! + r * hidden,
                            h: h + r * hidden, c: c.map { $0 + r * hidden },
                            into: out.baseAddress! + (r * steps + step) * width)
                    }
                }
            }
        }
    }

    /// The recorded values split into one (N, T, H) tensor per signal.
    func signals() -> [TraceSignal] {
        let s = Cell.traceSignals.count
        return Cell.traceSignals.enumerated().map { k, signal in
            var v = [Float](repeating: 0, count: batch * steps * hidden)
            for row in 0..<batch * steps {
                v.replaceSubrange(row * hidden..<(row + 1) * hidden,
                                  with: values[(row * s + k) * hidden..<(row * s + k + 1) * hidden])
            }
            // The shape is (N, T, H) with N·T·H values by construction.
            return TraceSignal(key: signal.key, name: signal.name, range: signal.range,
                               values: try! Tensor(shape: [batch, steps, hidden], scalars: v))
        }
    }
}
