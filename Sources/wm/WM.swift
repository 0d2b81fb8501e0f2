import ArgumentParser

/// `wm`: the WorkingMemory command-line tool.
@main
struct WM: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wm",
        abstract: "A working memory for LLM applications, on a recurrent-network engine of its own.",
        subcommands: [NN.self, Eval.self, Remember.self, Recall.self, ContextCommand.self, Inspect.self, Forget.self, Demo.self, Bench.self]
    )
}
