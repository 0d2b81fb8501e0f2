import ArgumentParser
import Foundation
import Neural

/// `wm nn quantize IN OUT`: a checkpoint with its weight matrices in int8.
struct NNQuantize: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantize",
        abstract: "Quantize a checkpoint's weights to int8 (symmetric, per output channel).",
        discussion: """
            Reads a checkpoint of `wm nn train` (or TrainingModel.saveCheckpoint) and writes one \
            with every Dense, LSTM and GRU weight matrix as int8 (safetensors I8, one F32 scale \
            per output channel in NAME.scale); biases stay float32. The output is a standard \
            checkpoint: `wm nn predict` and `TrainingModel.loadCheckpoint` read it, and \
            Quantization.int8Sequential runs it on the int8 kernels. Format: docs/lean.md.

            Example:
              wm nn quantize out/adding.safetensors out/adding-int8.safetensors
            """)

    @Argument(help: "The checkpoint to quantize.") var input: String
    @Argument(help: "The quantized checkpoint to write (not the input).") var output: String

    func validate() throws {
        try OutputFile.check(output, flag: "OUT", inputs: [("IN", input)])
    }

    func run() throws {
        do {
            let file = try Safetensors(contentsOf: input)
            let quantized = try Quantization.int8Checkpoint(file)
            try OutputFile.write(quantized.encoded(), to: output, flag: "OUT")
            let floatBytes = quantized.int8.values.reduce(0) { $0 + 4 * $1.values.count }
            let int8Bytes = quantized.int8.values.reduce(0) { $0 + $1.byteCount }
            print("\(quantized.int8.count) weight matrices in int8: \(floatBytes) → \(int8Bytes) bytes "
                + "(\(String(format: "%.2f", Double(floatBytes) / Double(max(int8Bytes, 1))))× smaller); wrote \(output)")
        } catch let e as CLIError {
            throw e
        } catch {
            throw CLIError(error)
        }
    }
}
