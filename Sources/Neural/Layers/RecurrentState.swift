/// The state a recurrent layer carries from one timestep to the next: its working memory.
///
/// LSTM carries a hidden state `h` and a cell state `c`; GRU carries `h` only (`c` is nil).
/// Shapes: `h` (N, H) and `c` (N, H), N = batch, H = hidden size.
public struct RecurrentState: Sendable, Equatable {
    /// Hidden state h_t, (N, H).
    public var h: Tensor
    /// Cell state c_t, (N, H); nil for GRU.
    public var c: Tensor?

    /// - Parameters:
    ///   - h: hidden state (N, H).
    ///   - c: cell state (N, H) for LSTM, nil for GRU.
    public init(h: Tensor, c: Tensor? = nil) {
        self.h = h
        self.c = c
    }

    /// The all-zero state that PyTorch and Keras start from when no initial state is given.
    public static func zeros(batch: Int, hidden: Int, hasCellState: Bool) -> RecurrentState {
        RecurrentState(h: .zeros([batch, hidden]), c: hasCellState ? .zeros([batch, hidden]) : nil)
    }
}
