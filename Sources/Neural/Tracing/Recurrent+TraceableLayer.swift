extension Recurrent: TraceableLayer where Cell: GateTracing {
    /// Runs the stack like `callAsFunction`, recording the signals of every layer and direction;
    /// their traces are named `name`, with ` layer l` for stacks and ` backward` for the
    /// backward direction.
    public func traced(_ input: Tensor, name: String) throws -> TracedOutput {
        var traces: [LayerTrace] = []
        let d = directions
        let result = try run(input, initialStates: nil) { cell, x, state, reverse in
            let (l, dir) = (traces.count / d, traces.count % d)
            let r = try cell.tracedForward(x, initialState: state, reverse: reverse)
            let label = name + (layerCount > 1 ? " layer \(l)" : "") + (dir == 1 ? " backward" : "")
            traces.append(LayerTrace(name: label, kind: Cell.kindName, signals: r.signals))
            return (r.output, r.state)
        }
        return TracedOutput(output: returnSequences ? result.output : result.lastOutput, layers: traces)
    }
}
