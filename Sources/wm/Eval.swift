import ArgumentParser

/// `wm eval ...`: measure the memory on public data.
struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure the memory on public data (retrieval rankings and their recall).",
        subcommands: [EvalRetrieval.self, EvalScore.self, EvalBench.self, EvalDialogue.self]
    )
}
