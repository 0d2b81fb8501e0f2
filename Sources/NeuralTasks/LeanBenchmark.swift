import Foundation
import Neural

/// float32, int8 and pruned variants of a trained task model side by side, in one run:
/// weight bytes, streamed step latency and task score (`wm nn bench-lean`, docs/lean.md).
///
/// The variants: float32; int8 (`Quantization.int8Checkpoint`, read back from its encoded
/// bytes; scored on the int8 kernel, `Int8Compute.int8`, and timed with `.automatic`); int8 on
/// dequantised weights; magnitude-pruned per layer to 50, 80 and 90 %, without and with
/// `fineTuneEpochs` of fine-tuning (`TaskFineTuning`, mask kept). Scores come from the test set
/// `TaskTrainer` uses; latency is a batch-1 stream, one step per call, over test sample 0, the
/// variants taking turns in every repeat (median per step).
public struct LeanBenchmark {
    public let task: MemoryTask
    /// The task's name in the report ("adding", "nback-2").
    public let label: String
    public var fineTuneEpochs = 2
    public var fineTuneSamples = 2048
    /// Timed passes over the test sequence per variant (after one warm-up pass).
    public var repeats = 15
    /// The seed the model was trained with: its test set follows it.
    public var seed: UInt64 = 1

    public init(task: MemoryTask, label: String) {
        self.task = task
        self.label = label
    }

    /// Builds the variants of one trained model, scores them, times their streams in turns.
    /// - Parameter file: a checkpoint of `wm nn train --task` for this task.
    public func run(_ file: Safetensors) throws -> [LeanRow] {
        let float = try TrainingModel.restore(file)
        let floatBytes = 4 * float.parameterCount
        var variants: [(name: String, model: Sequential, bytes: Int, sparseBytes: Int?, scoreModel: Sequential?)] = []
        variants.append(("float32", try float.sequential(), floatBytes, nil, nil))
        let quantized = try Safetensors(data: try Quantization.int8Checkpoint(file).encoded())
        let matrixFloats = float.weightMatrices.reduce(0) { $0 + $1.parameter.value.count }
        let int8Bytes = quantized.int8.values.reduce(0) { $0 + $1.byteCount } + 4 * (float.parameterCount - matrixFloats)
        variants.append(("int8", try Quantization.int8Sequential(quantized), int8Bytes, nil,
                         try Quantization.int8Sequential(quantized, compute: .int8)))
        variants.append(("int8, dequantised", try Quantization.int8Sequential(quantized, compute: .dequantized), int8Bytes, nil, nil))
        for sparsity in [0.5, 0.8, 0.9] {
            for epochs in Set([0, fineTuneEpochs]).sorted() {
                let model = try TrainingModel.restore(file)
                let mask = try MagnitudePruning(sparsity: sparsity).prune(model)
                if epochs > 0 {
                    var tuning = TaskFineTuning(task: task)
                    tuning.samples = fineTuneSamples
                    tuning.seed = seed
                    try tuning.run(model, epochs: epochs, callbacks: [mask])
                }
                // Stored sparse (CSR): 4 bytes a kept weight, 2 for its column, 4 per row; the rest dense.
                let sparse = model.weightMatrices.reduce(0) { sum, m in
                    let nonzero = m.parameter.value.scalars.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
                    return sum + 6 * nonzero + 4 * m.parameter.value.shape[1]
                } + 4 * (model.parameterCount - matrixFloats)
                let name = "pruned \(Int(sparsity * 100))%" + (epochs > 0 ? ", fine-tuned \(epochs) ep" : "")
                variants.append((name, try model.sequential(), floatBytes, sparse, nil))
            }
        }
        let test = Self.testSet(task, seed: seed)
        var rows: [LeanRow] = try variants.map { v in
            LeanRow(task: label, variant: v.name, weightBytes: v.bytes, sparseBytes: v.sparseBytes,
                    score: try Self.score(v.scoreModel ?? v.model, task: task, test: test), scoreName: task.scoreName,
                    stepMicroseconds: 0, floatStepMicroseconds: 0)
        }
        // Streams: one batch-1 sequence, each variant in turn per repeat; median per step.
        let sequence = test[0].x  // (T, N, F): sample 0 is x[t, 0, :]
        let (t, n, f) = (sequence.shape[0], sequence.shape[1], sequence.shape[2])
        var x = [Float](repeating: 0, count: t * f)
        for s in 0..<t { for j in 0..<f { x[s * f + j] = sequence.scalars[(s * n) * f + j] } }
        let streams = try variants.map { try $0.model.stream(batchSize: 1) }
        var samples = Array(repeating: [Double](), count: variants.count)
        for r in 0..<(repeats + 1) {
            for (i, stream) in streams.enumerated() {
                stream.reset()
                let start = DispatchTime.now().uptimeNanoseconds
                x.withUnsafeBufferPointer { p in
                    for s in 0..<t { _ = stream.run(p.baseAddress! + s * f, steps: 1) }
                }
                let perStep = Double(DispatchTime.now().uptimeNanoseconds - start) / 1000 / Double(t)
                if r > 0 { samples[i].append(perStep) }  // the first pass warms up
            }
        }
        let medians = samples.map { s in s.sorted()[s.count / 2] }
        for i in rows.indices {
            rows[i].stepMicroseconds = medians[i]
            rows[i].floatStepMicroseconds = medians[0]
        }
        return rows
    }

    public static func task(_ label: String) throws -> MemoryTask {
        if label.hasPrefix("nback-"), let n = Int(label.dropFirst(6)) { return try memoryTask(named: "nback", n: n) }
        return try memoryTask(named: label)
    }

    /// TaskTrainer's test set: 4 batches of 128 from seed + 7 000 000.
    public static func testSet(_ task: MemoryTask, seed: UInt64) -> [TaskBatch] {
        var rng = SeededGenerator(seed: seed &+ 7_000_000)
        return (0..<4).map { _ in task.batch(size: 128, test: true, rng: &rng) }
    }

    /// The mean task score over the test batches, the model run batch-major.
    public static func score(_ model: Sequential, task: MemoryTask, test: [TaskBatch]) throws -> Float {
        var total: Float = 0
        for b in test {
            let y = try model(swapLeadingAxes(b.x))
            total += task.score(prediction: y.rank == 3 ? swapLeadingAxes(y) : y, batch: b)
        }
        return total / Float(test.count)
    }
}

/// One line of the lean report.
public struct LeanRow: Sendable {
    public var task: String
    public var variant: String
    public var weightBytes: Int
    public var sparseBytes: Int?
    public var score: Float
    public var scoreName: String
    public var stepMicroseconds: Double
    public var floatStepMicroseconds: Double

    public static func markdown(_ rows: [LeanRow]) -> String {
        var s = "| task | variant | weight bytes | × smaller | sparse (CSR) bytes | stream step µs | × float32 speed | score |\n"
        s += "|---|---|---|---|---|---|---|---|\n"
        let floats = Dictionary(rows.filter { $0.variant == "float32" }.map { ($0.task, $0.weightBytes) }, uniquingKeysWith: { a, _ in a })
        for r in rows {
            let ratio = Double(floats[r.task] ?? r.weightBytes) / Double(max(r.weightBytes, 1))
            s += "| \(r.task) | \(r.variant) | \(r.weightBytes) | \(String(format: "%.2f", ratio)) | \(r.sparseBytes.map(String.init) ?? "") | "
                + "\(String(format: "%.2f", r.stepMicroseconds)) | \(String(format: "%.2f", r.floatStepMicroseconds / max(r.stepMicroseconds, 1e-9))) | "
                + "\(r.scoreName) \(String(format: "%.4f", r.score)) |\n"
        }
        return s
    }

    public static func csv(_ rows: [LeanRow]) -> String {
        "task,variant,weight_bytes,sparse_bytes,step_us,float_step_us,score_name,score\n"
            + rows.map { r in
                "\(r.task),\"\(r.variant)\",\(r.weightBytes),\(r.sparseBytes.map(String.init) ?? ""),"
                    + "\(String(format: "%.3f", r.stepMicroseconds)),\(String(format: "%.3f", r.floatStepMicroseconds)),"
                    + "\(r.scoreName),\(r.score)"
            }.joined(separator: "\n") + "\n"
    }
}
