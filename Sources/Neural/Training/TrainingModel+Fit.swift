/// What `fit` returns: one value per epoch for each log (`loss`, `val_loss`, metrics).
public struct TrainingHistory: Sendable {
    public var logs: [String: [Float]] = [:]
    /// Number of epochs run.
    public var epochs: Int { logs["loss"]?.count ?? 0 }
}

extension TrainingModel {
    /// Whether the model's output keeps the time axis.
    var returnsSequences: Bool {
        var sequence = readsSequences
        for layer in layers {
            if let r = layer.spec.returnsSequences { sequence = r }
        }
        return sequence
    }

    /// Samples `indices` of a batch-major array (first axis = samples).
    static func gather(_ x: Tensor, _ indices: ArraySlice<Int>) -> Tensor {
        let inner = x.count / max(x.shape[0], 1)
        var out = [Float]()
        out.reserveCapacity(indices.count * inner)
        for i in indices { out += x.scalars[i * inner..<(i + 1) * inner] }
        return try! Tensor(shape: [indices.count] + x.shape.dropFirst(), scalars: out)
    }

    /// One batch in training layout: inputs and targets time-major when they carry a time axis.
    func batch(_ x: Tensor, _ y: Tensor, _ mask: Tensor?, _ indices: ArraySlice<Int>) -> (Tensor, Tensor, [Float]?) {
        var xb = Self.gather(x, indices), yb = Self.gather(y, indices)
        var mb = mask.map { Self.gather($0, indices) }
        if readsSequences { xb = swapLeadingAxes(xb) }
        if returnsSequences {
            yb = swapLeadingAxes(yb)
            mb = mb.map(swapLeadingAxes)
        }
        return (xb, yb, mb?.scalars)
    }

    func checkData(_ x: Tensor, _ y: Tensor, _ mask: Tensor?) throws {
        guard x.rank >= 1, y.rank >= 1, x.shape[0] == y.shape[0] else {
            throw NeuralError.shapeMismatch("inputs \(x.shape) and targets \(y.shape) need the same number of samples")
        }
        guard x.shape[0] > 0 else { throw NeuralError.invalidArgument("no samples to train on") }
        if let mask, !(mask.rank == 2 && mask.shape[0] == x.shape[0] && returnsSequences && mask.shape[1] == x.shape[1]) {
            throw NeuralError.shapeMismatch("mask must be (N, T) = [\(x.shape[0]), \(x.rank > 1 ? x.shape[1] : 0)] for a sequence output, got \(mask.shape)")
        }
        for v in x.scalars where !v.isFinite { throw NeuralError.invalidArgument("inputs contain NaN or infinity") }
        for v in y.scalars where !v.isFinite { throw NeuralError.invalidArgument("targets contain NaN or infinity") }
    }

    /// Trains for a number of epochs (Keras `fit`).
    /// - Parameters:
    ///   - x: inputs, batch-major: (N, T, F) for sequence models, (N, T) ids for embedding
    ///     models, (N, F) otherwise.
    ///   - y: targets, batch-major: (N, T, C) for sequence outputs, (N, C) otherwise (sparse
    ///     cross-entropy: one id per row, (N, T) or (N)).
    ///   - mask: (N, T) weights of timesteps for sequence outputs (0 = padding), or nil.
    ///   - lengths: the steps of each sample (N values in 0...T) when the sequences are padded
    ///     at the end, or nil: the LSTM and GRU layers then skip each sample's padding (like PyTorch's
    ///     packed sequences), which the mask must leave out of the loss (a many-to-one model
    ///     runs the padding: see `computeGradients(_:_:mask:lengths:)`).
    ///   - epochs: passes over the training samples.
    ///   - batchSize: samples per optimizer step (the last batch may be smaller).
    ///   - shuffle: reshuffle the training samples every epoch.
    ///   - validationSplit: fraction of samples, taken from the end before shuffling (as Keras),
    ///     held out for validation.
    ///   - validationData: explicit validation inputs and targets (wins over the split).
    ///   - validationMask: (N, T) weights of validationData's timesteps, or nil. A split takes
    ///     its samples' rows of `mask`, so padding never counts in `val_loss`.
    ///   - callbacks: hooks, e.g. `EarlyStopping`.
    ///   - verbose: print a progress bar per epoch.
    ///   - seed: seed of the shuffling.
    /// - Returns: the per-epoch logs.
    @discardableResult
    public func fit(
        _ x: Tensor, _ y: Tensor, mask: Tensor? = nil, lengths: [Int]? = nil, epochs: Int = 1, batchSize: Int = 32,
        shuffle: Bool = true, validationSplit: Float = 0, validationData: (x: Tensor, y: Tensor)? = nil,
        validationMask: Tensor? = nil, callbacks: [TrainingCallback] = [], verbose: Bool = true, seed: UInt64 = 0
    ) throws -> TrainingHistory {
        try checkData(x, y, mask)
        if let lengths {
            guard readsSequences else {
                throw NeuralError.invalidArgument("lengths need a model that reads sequences; this one reads (N, F) inputs")
            }
            try Self.checkLengths(lengths, input: x, samplesAxis: 0)
        }
        guard epochs >= 0, batchSize > 0 else {
            throw NeuralError.invalidArgument("epochs must be ≥ 0 and batchSize > 0 (got \(epochs), \(batchSize))")
        }
        guard validationSplit >= 0 && validationSplit < 1 else {
            throw NeuralError.invalidArgument("validationSplit must be in [0, 1), got \(validationSplit)")
        }
        let n = x.shape[0]
        var trainCount = n
        var validation = validationData.map { (x: $0.x, y: $0.y, mask: validationMask) }
        if let validation {
            // Checked before any step, so bad validation data costs no training.
            try checkData(validation.x, validation.y, validation.mask)
        } else if validationMask != nil {
            throw NeuralError.invalidArgument("validationMask needs validationData (a split takes its rows of mask)")
        }
        if validation == nil && validationSplit > 0 {
            trainCount = n - Int(Float(n) * validationSplit)
            guard trainCount > 0 && trainCount < n else {
                throw NeuralError.invalidArgument("validationSplit \(validationSplit) leaves no training or no validation samples out of \(n)")
            }
            let held = Array(trainCount..<n)[...]
            validation = (Self.gather(x, held), Self.gather(y, held), mask.map { Self.gather($0, held) })
        }
        var rng = SeededGenerator(seed: seed)
        var order = Array(0..<trainCount)
        var history = TrainingHistory()
        var globalStep = 0
        let stepsPerEpoch = (trainCount + batchSize - 1) / batchSize
        for epoch in 0..<epochs {
            if shuffle { order.shuffle(using: &rng) }
            var bar = ProgressBar(total: stepsPerEpoch, prefix: "Epoch \(epoch + 1)/\(epochs)")
            var lossSum = 0.0, lossRows = 0.0
            var metricSums = [Double](repeating: 0, count: metrics.count)
            var metricRows = [Double](repeating: 0, count: metrics.count)
            for b in 0..<stepsPerEpoch {
                let idx = order[(b * batchSize)..<min(trainCount, (b + 1) * batchSize)]
                let (xb, yb, mb) = batch(x, y, mask, idx)
                let (value, prediction) = try trainOnBatch(xb, yb, mask: mb, lengths: lengths.map { l in idx.map { l[$0] } })
                let weight = Double(idx.count)
                lossSum += Double(value) * weight
                lossRows += weight
                for (k, m) in metrics.enumerated() {
                    let (s, c) = m.sum(prediction: prediction, target: yb, mask: mb)
                    metricSums[k] += s
                    metricRows[k] += c
                }
                globalStep += 1
                callbacks.forEach { $0.didEndBatch(step: globalStep, loss: value) }
                if verbose {
                    bar.update(step: b + 1, values: [("loss", Float(lossSum / lossRows))]
                        + metrics.enumerated().map { ($1.label, Float(metricSums[$0] / max(metricRows[$0], 1))) })
                }
            }
            var logs: [String: Float] = ["loss": Float(lossSum / max(lossRows, 1))]
            for (k, m) in metrics.enumerated() { logs[m.rawValue] = Float(metricSums[k] / max(metricRows[k], 1)) }
            if let validation {
                let v = try evaluate(validation.x, validation.y, mask: validation.mask, batchSize: batchSize)
                for (k, value) in v { logs["val_" + k] = value }
            }
            for (k, v) in logs { history.logs[k, default: []].append(v) }
            if verbose {
                bar.finish(values: logs.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            }
            var stop = false
            for c in callbacks where c.didEndEpoch(epoch, logs: logs, model: self) { stop = true }
            if stop { break }
        }
        callbacks.forEach { $0.didEndTraining(model: self) }
        return history
    }

    /// Loss and metrics on data, without training (Keras `evaluate`).
    /// - Returns: `loss` and each metric by its raw name.
    public func evaluate(_ x: Tensor, _ y: Tensor, mask: Tensor? = nil, batchSize: Int = 32) throws -> [String: Float] {
        try checkData(x, y, mask)
        let n = x.shape[0]
        var lossSum = 0.0, rows = 0.0
        var sums = [Double](repeating: 0, count: metrics.count), counts = sums
        for start in stride(from: 0, to: n, by: max(batchSize, 1)) {
            let idx = Array(start..<min(n, start + batchSize))[...]
            let (xb, yb, mb) = batch(x, y, mask, idx)
            let p = try forwardTimeMajor(xb, training: false)
            let value = try loss.evaluate(prediction: p, target: yb, mask: mb).loss
            lossSum += Double(value) * Double(idx.count)
            rows += Double(idx.count)
            for (k, m) in metrics.enumerated() {
                let (s, c) = m.sum(prediction: p, target: yb, mask: mb)
                sums[k] += s
                counts[k] += c
            }
        }
        var out: [String: Float] = ["loss": Float(lossSum / max(rows, 1))]
        for (k, m) in metrics.enumerated() { out[m.rawValue] = Float(sums[k] / max(counts[k], 1)) }
        return out
    }

    /// The model's output for batch-major inputs (Keras `predict`): (N, T, C) or (N, C).
    public func predict(_ x: Tensor, batchSize: Int = 32) throws -> Tensor {
        guard x.rank >= 1, x.shape[0] > 0 else { throw NeuralError.invalidArgument("no samples to predict, got shape \(x.shape)") }
        let n = x.shape[0]
        var parts: [Tensor] = []
        for start in stride(from: 0, to: n, by: max(batchSize, 1)) {
            var xb = Self.gather(x, Array(start..<min(n, start + batchSize))[...])
            if readsSequences { xb = swapLeadingAxes(xb) }
            var p = try forwardTimeMajor(xb, training: false)
            if returnsSequences { p = swapLeadingAxes(p) }
            parts.append(p)
        }
        let rest = Array(parts[0].shape.dropFirst())
        return try Tensor(shape: [n] + rest, scalars: parts.flatMap(\.scalars))
    }
}
