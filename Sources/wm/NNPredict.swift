import ArgumentParser
import Foundation
import Neural

/// `wm nn predict`: runs a PyTorch or Keras model stored in safetensors on an input file.
struct NNPredict: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Run a Keras model (.keras) or a PyTorch or Keras recurrent model's weights on an input file.",
        discussion: """
            --model runs a Keras 3 archive (model.save("model.keras")): its architecture comes \
            from the archive, so no --layers are needed. Supported: Sequential and chained \
            Functional models of InputLayer, LSTM, GRU (reset_after True or False), Dense, \
            TimeDistributed(Dense), Bidirectional (merge_mode concat, sum, mul, ave), Embedding, \
            Activation, ReLU, Softmax and Dropout; return_sequences and return_state as the \
            model uses them. An unsupported layer or option is named in the error.

            --weights reads weights alone: safetensors, or a Keras weights file \
            (model.save_weights("model.weights.h5"); layer prefixes lstm, lstm_1, \
            time_distributed, … as the file's groups under layers/ name them).
            Each --layers entry is the prefix of one layer's tensors, in the order the model \
            applies them. The kind of each layer (LSTM, GRU, Dense; stacked layers, \
            bidirectional, GRU reset_after, Keras Embedding) is inferred from the tensor names \
            and shapes:
              PyTorch: lstm1.weight_ih_l0, lstm1.weight_hh_l0, …_l1, …_reverse;
                       dense.weight, dense.bias
              Keras:   lstm/lstm_cell/kernel, …/recurrent_kernel, …/bias;
                       bidirectional/forward_lstm/…, bidirectional/backward_lstm/…;
                       embedding/embeddings
            Recurrent layers return sequences; Dense applies to the last axis. Weights do not \
            store activations: give a Dense layer's as a suffix, e.g. dense:softmax (linear, \
            relu, sigmoid, tanh, softmax; default linear). A PyTorch nn.Embedding (one tensor \
            emb.weight [V, D]) needs the suffix emb:embedding. A checkpoint of `wm nn train` \
            names its layers layer0, layer1, … and needs no suffixes.
            The input file holds tensor x [N, T, F] (float32), or token ids [N, T] or [N, T, 1] \
            (integral float32 values in 0..<V) for a model that starts with an embedding; the \
            output file receives y.

            Examples:
              wm nn predict --model seed.keras --input x.safetensors --output y.safetensors
              wm nn predict --weights model.safetensors --layers lstm1,lstm2,dense \\
                            --input x.safetensors --output y.safetensors
              F=Tests/NeuralTests/Fixtures/keras_seed.safetensors
              wm nn predict --weights $F --input $F --output /tmp/y.safetensors \\
                            --layers lstm,lstm_1,time_distributed
            """)

    @Option(help: "Keras 3 model archive (.keras) holding architecture and weights.")
    var model: String?

    @Option(help: "Weights under their PyTorch or Keras names: safetensors, or a Keras .weights.h5 (with --layers).")
    var weights: String?

    @Option(help: "Comma-separated layer prefixes, in order (e.g. lstm1,lstm2,dense or …,dense:softmax); with --weights.")
    var layers: String?

    @Option(help: "Safetensors file holding tensor x [N, T, F].")
    var input: String

    @Option(help: "Safetensors file to write; it receives tensor y.")
    var output: String

    func validate() throws {
        switch (model, weights, layers) {
        case (_?, nil, nil), (nil, _?, _?): break
        case (_?, _, _): throw ValidationError("--model carries its own architecture and weights: give it without --weights and --layers")
        case (nil, _?, nil): throw ValidationError("--weights needs --layers, the layer prefixes in order (or give a .keras file with --model)")
        case (nil, nil, _): throw ValidationError("give --model FILE.keras, or --weights FILE with --layers")
        }
        try OutputFile.check(output, flag: "--output", inputs: [("--model", model), ("--weights", weights), ("--input", input)])
    }

    func run() throws {
        do {
            let report: Predict.Report
            if let model {
                report = try Predict.run(kerasModelPath: model, inputPath: input, outputPath: output)
            } else {
                let prefixes = (layers ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                report = try Predict.run(weightsPath: weights ?? "", layers: prefixes, inputPath: input, outputPath: output)
            }
            for line in report.layers { print(line) }
            print("x \(report.inputShape) → y \(report.outputShape) written to \(output)")
        } catch {
            throw CLIError(error)
        }
    }
}
