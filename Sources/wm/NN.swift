import ArgumentParser

/// `wm nn ...`: the neural engine (run, check parity, train, benchmark).
struct NN: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nn",
        abstract: "Run, check and train recurrent models (LSTM, GRU, Dense).",
        subcommands: [NNPredict.self, NNDemo.self, NNTrain.self, NNTrace.self, NNTrainBench.self, NNBench.self]
    )
}
