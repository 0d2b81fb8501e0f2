/// Hooks into `TrainingModel.fit`: called after every batch and every epoch.
public protocol TrainingCallback: AnyObject {
    /// After each optimizer step; `step` counts from 1 over the whole fit.
    func didEndBatch(step: Int, loss: Float)
    /// After each epoch with its logs (`loss`, `val_loss`, metric names, `val_` metrics).
    /// - Returns: true to stop training.
    func didEndEpoch(_ epoch: Int, logs: [String: Float], model: TrainingModel) -> Bool
    /// After the last epoch.
    func didEndTraining(model: TrainingModel)
}

extension TrainingCallback {
    public func didEndBatch(step: Int, loss: Float) {}
    public func didEndEpoch(_ epoch: Int, logs: [String: Float], model: TrainingModel) -> Bool { false }
    public func didEndTraining(model: TrainingModel) {}
}

/// Stops training when a monitored value stops improving (Keras `EarlyStopping`).
public final class EarlyStopping: TrainingCallback {
    public let monitor: String
    public let patience: Int
    public let minDelta: Float
    public let restoreBestWeights: Bool
    /// Best value seen and the epoch it was seen in.
    public private(set) var best: Float = .infinity
    public private(set) var bestEpoch = -1
    /// Epoch after which training stopped, or nil.
    public private(set) var stoppedEpoch: Int?
    private var wait = 0
    private var bestWeights: [Tensor] = []

    /// - Parameters:
    ///   - monitor: log to watch, lower is better (`val_loss` by default; falls back to `loss`
    ///     when there is no validation data).
    ///   - patience: epochs without improvement before stopping.
    ///   - minDelta: smallest decrease that counts as an improvement.
    ///   - restoreBestWeights: put back the weights of the best epoch when stopping.
    public init(monitor: String = "val_loss", patience: Int = 0, minDelta: Float = 0, restoreBestWeights: Bool = false) {
        self.monitor = monitor
        self.patience = patience
        self.minDelta = minDelta
        self.restoreBestWeights = restoreBestWeights
    }

    public func didEndEpoch(_ epoch: Int, logs: [String: Float], model: TrainingModel) -> Bool {
        guard let value = logs[monitor] ?? (monitor == "val_loss" ? logs["loss"] : nil) else { return false }
        if value < best - minDelta {
            best = value
            bestEpoch = epoch
            wait = 0
            if restoreBestWeights { bestWeights = model.parameters.map(\.value) }
            return false
        }
        wait += 1
        // Keras: stop once `wait >= patience` epochs went by without improvement.
        if wait >= patience {
            stoppedEpoch = epoch
            if restoreBestWeights && !bestWeights.isEmpty {
                for (p, w) in zip(model.parameters, bestWeights) { p.value = w }
            }
            return true
        }
        return false
    }
}
