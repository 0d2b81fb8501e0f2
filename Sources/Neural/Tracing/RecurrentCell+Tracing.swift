extension GateTracing {
    /// `forward`, recording the cell's signals at every step (see `traceSignals`).
    ///
    /// The same steps run as in `forward` (on one thread, whose results the multi-core paths
    /// reproduce bit for bit), so the output and final state equal `forward`'s exactly.
    /// - Parameters: as for `forward`.
    /// - Returns: `forward`'s output and final state, and each signal as (N, T, H).
    public func tracedForward(
        _ x: Tensor, initialState: RecurrentState? = nil, reverse: Bool = false
    ) throws -> (output: Tensor, state: RecurrentState, signals: [TraceSignal]) {
        let (n, t) = try validate(input: x, initialState: initialState)
        let recorder = RecurrentTraceRecorder(cell: self, batch: n, steps: t)
        let (output, state) = try forward(x, initialState: initialState, reverse: reverse, observer: recorder)
        return (output, state, recorder.signals())
    }
}
