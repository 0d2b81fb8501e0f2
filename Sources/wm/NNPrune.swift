import ArgumentParser
import Foundation
import Neural
import NeuralTasks

/// `wm nn prune IN OUT --sparsity S`: a checkpoint with its smallest weights set to zero.
struct NNPrune: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Prune a checkpoint's weights by magnitude to a target sparsity, optionally fine-tuning it.",
        discussion: """
            Sets the weights of smallest magnitude in every Dense, LSTM and GRU weight matrix \
            to zero, until the fraction S of them is zero (biases and embeddings are kept): \
            each matrix on its own, or all of them against one threshold with --global. With \
            --fine-tune-epochs N the model then trains N passes over samples of --task, the \
            pruned weights held at zero. Writes a standard checkpoint.

            Examples:
              wm nn prune out/adding.safetensors out/adding-p80.safetensors --sparsity 0.8
              wm nn prune out/nback-2.safetensors out/nback-p90.safetensors --sparsity 0.9 --global \\
                          --fine-tune-epochs 3 --task nback --n 2
            """)

    @Argument(help: "The checkpoint to prune.") var input: String
    @Argument(help: "The pruned checkpoint to write (not the input).") var output: String
    @Option(help: "Fraction of weights set to zero, in [0, 1).") var sparsity: Double
    @Flag(name: .customLong("global"), help: "One threshold over all weight matrices instead of the fraction in each.")
    var global = false
    @Option(name: .customLong("fine-tune-epochs"), help: "Passes of fine-tuning after pruning (0: none).")
    var fineTuneEpochs = 0
    @Option(help: "The memory task to fine-tune on (copy, adding, nback or recall).") var task: String?
    @Option(help: "n of n-back.") var n: Int = 2
    @Option(name: .customLong("fine-tune-samples"), help: "Samples drawn for fine-tuning (one epoch is one pass).")
    var fineTuneSamples = 2048
    @Option(help: "Seed of the fine-tuning samples.") var seed: UInt64 = 1

    func validate() throws {
        guard sparsity.isFinite, sparsity >= 0, sparsity < 1 else {
            throw ValidationError("--sparsity must be in [0, 1) (the fraction of weights set to zero), got \(sparsity)")
        }
        guard fineTuneEpochs >= 0 else { throw ValidationError("--fine-tune-epochs must be 0 or more") }
        if fineTuneEpochs > 0 && task == nil {
            throw ValidationError("--fine-tune-epochs needs --task, the task whose samples it trains on")
        }
        guard fineTuneSamples > 0 else { throw ValidationError("--fine-tune-samples must be positive") }
        try OutputFile.check(output, flag: "OUT", inputs: [("IN", input)])
    }

    func run() throws {
        do {
            let model = try TrainingModel.loadCheckpoint(from: input)
            let mask = try MagnitudePruning(sparsity: sparsity, scope: global ? .global : .perLayer).prune(model)
            print("pruned \(mask.prunedCount) of \(mask.weightCount) weights (\(global ? "global" : "per layer"))")
            if fineTuneEpochs > 0, let task {
                var tuning = TaskFineTuning(task: try memoryTask(named: task, n: n))
                tuning.samples = fineTuneSamples
                tuning.seed = seed
                try tuning.run(model, epochs: fineTuneEpochs, callbacks: [mask])
                print("fine-tuned \(fineTuneEpochs) epochs of \(fineTuneSamples) \(task) samples, pruned weights held at zero")
            }
            try OutputFile.write(try model.checkpoint().encoded(), to: output, flag: "OUT")
            print("wrote \(output)")
        } catch let e as CLIError {
            throw e
        } catch {
            throw CLIError(error)
        }
    }
}
