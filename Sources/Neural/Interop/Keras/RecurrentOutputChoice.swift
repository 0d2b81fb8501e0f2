/// The output of a recurrent layer that a Keras model reads when it is not the plain one:
/// a `Bidirectional`'s directions merged by sum, product or mean (`merge_mode`), or one of the
/// final states a `return_state=True` layer returns beside its output.
///
/// Keras' outputs with `return_state=True` (Keras 3 `RNN.call`, `Bidirectional.call`):
/// `[output, h, c]` (LSTM), `[output, h]` (GRU); bidirectional `[output, h_f, c_f, h_b, c_b]`.
public struct RecurrentOutputChoice<Cell: RecurrentCell>: Layer {
    /// What is read.
    public enum Choice: Sendable, Equatable {
        /// The output, its two directions joined by `merge`.
        case output(merge: KerasMergeMode)
        /// Final state number `index` in Keras' order after the output (0 = the first direction's h).
        case state(index: Int)
    }

    /// One layer, one or two directions.
    public var recurrent: Recurrent<Cell>
    /// What the next layer reads.
    public var choice: Choice

    /// - Parameters:
    ///   - recurrent: the layer (one layer; one direction, or two).  - choice: what it hands on.
    public init(_ recurrent: Recurrent<Cell>, choice: Choice) {
        self.recurrent = recurrent
        self.choice = choice
    }

    /// Width of what is handed on.
    public var outputSize: Int {
        switch choice {
        case .output(.concat): return recurrent.outputSize
        case .output: return recurrent.outputSize / recurrent.directions
        case .state: return recurrent.cells[recurrent.layerCount - 1][0].hiddenSize
        }
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        let result = try recurrent.forward(x)
        switch choice {
        case .output(let merge):
            let joined = recurrent.returnSequences ? result.output : result.lastOutput
            return try Self.merge(joined, directions: recurrent.directions, merge)
        case .state(let index):
            // Keras lists each direction's states in turn: h (and c for an LSTM).
            let perDirection = result.states[0].c == nil ? 1 : 2
            let top = result.states.suffix(recurrent.directions)
            let direction = index / perDirection
            guard direction < top.count else {
                throw NeuralError.invalidArgument("state \(index) does not exist: the layer returns \(top.count * perDirection)")
            }
            let state = top[top.startIndex + direction]
            return index % perDirection == 0 ? state.h : state.c!
        }
    }

    /// Joins the two halves of the last axis (forward, backward) elementwise; concat keeps them.
    static func merge(_ y: Tensor, directions: Int, _ mode: KerasMergeMode) throws -> Tensor {
        guard directions == 2, mode != .concat else { return y }
        let width = y.shape[y.rank - 1] / 2
        let rows = y.count / max(2 * width, 1)
        var out = [Float](repeating: 0, count: rows * width)
        for r in 0..<rows {
            for j in 0..<width {
                let f = y.scalars[r * 2 * width + j], b = y.scalars[r * 2 * width + width + j]
                switch mode {
                case .sum: out[r * width + j] = f + b
                case .mul: out[r * width + j] = f * b
                case .ave: out[r * width + j] = (f + b) * 0.5
                case .concat: break
                }
            }
        }
        return try Tensor(shape: Array(y.shape.dropLast()) + [width], scalars: out)
    }
}
