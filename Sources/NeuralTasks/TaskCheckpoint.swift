import Neural

/// The checkpoint of a task run (`wm nn train`): the training model's checkpoint (`TrainingModel.checkpoint()`)
/// with the task it learnt in the metadata key `wm.task` (e.g. `nback-3`), so that a resumed run can check it
/// continues the same work: the same task and the same architecture (cell, hidden units, input and output sizes).
public enum TaskCheckpoint {
    /// The metadata key of the task label.
    public static let taskKey = "wm.task"

    /// Writes the trainer's model, optimizer state and the task label.
    public static func save(_ model: TrainingModel, task label: String, to path: String) throws {
        var file = try model.checkpoint()
        file.metadata[taskKey] = label
        try file.write(to: path)
    }

    /// The model of a checkpoint, checked against the run that resumes it.
    /// - Parameters:
    ///   - path: the checkpoint file.
    ///   - label: the task of this run (`copy`, `adding`, `nback-2`, `recall`).
    ///   - fresh: the model this run would build from its options: the checkpoint's layers must equal its layers.
    /// - Throws: `NeuralError.invalidArgument` naming what differs (task, or the layers side by side); the
    ///   safetensors and checkpoint errors of `TrainingModel.restore`.
    public static func load(from path: String, task label: String, fitting fresh: TrainingModel) throws -> TrainingModel {
        let file = try Safetensors(contentsOf: path)
        if let trained = file.metadata[taskKey], trained != label {
            throw NeuralError.invalidArgument("--resume '\(path)' was trained on the task \(trained), this run asks for \(label); "
                + "give the --task (and --n) it was trained with, or start without --resume")
        }
        let model = try TrainingModel.restore(file)
        let (theirs, ours) = (model.layers.map(\.spec), fresh.layers.map(\.spec))
        if theirs != ours {
            throw NeuralError.invalidArgument("--resume '\(path)' holds the model \(summary(theirs)), this run builds \(summary(ours)); "
                + "give the --task, --n, --cell and --hidden it was trained with")
        }
        return model
    }

    /// "LSTM 128 (input 3) → Dense 1" for a list of layers.
    static func summary(_ specs: [LayerSpec]) -> String {
        specs.map(summary).joined(separator: " → ")
    }

    static func summary(_ spec: LayerSpec) -> String {
        func input(_ n: Int?) -> String { n.map { " (input \($0))" } ?? "" }
        switch spec {
        case let .lstm(units, inputSize, _, _): return "LSTM \(units)\(input(inputSize))"
        case let .gru(units, inputSize, _, _, _, _): return "GRU \(units)\(input(inputSize))"
        case let .dense(units, inputSize, _): return "Dense \(units)\(input(inputSize))"
        case let .timeDistributed(inner): return "TimeDistributed(\(summary(inner)))"
        case let .bidirectional(inner): return "Bidirectional(\(summary(inner)))"
        case let .embedding(v, d): return "Embedding \(v)×\(d)"
        }
    }
}
