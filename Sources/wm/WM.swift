import ArgumentParser
import Foundation

/// `wm`: the WorkingMemory command-line tool.
@main
struct WM: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wm",
        abstract: "A working memory for LLM applications, on a recurrent-network engine of its own.",
        subcommands: [NN.self, Eval.self, Remember.self, Recall.self, ContextCommand.self, Inspect.self, Forget.self, Demo.self, Bench.self]
    )

    /// Runs the command and reports every failure the same way: one line `Error: …` on standard
    /// error and a non-zero exit status (1 for failures at run time, 64 for bad arguments), for
    /// every subcommand. ArgumentParser's own `exit(withError:)` adds usage lines after argument
    /// errors; here they become a pointer to `--help`, so scripts can read the one line.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code.isSuccess { exit(withError: error) }  // --help, --version: ArgumentParser prints them
            FileHandle.standardError.write(Data(errorLine(for: error, code: code).utf8))
            Foundation.exit(code.rawValue)
        }
    }

    /// `Error: <message>\n` on one line; empty for a bare `ExitCode` (the command printed its result).
    static func errorLine(for error: any Error, code: ExitCode) -> String {
        let message = message(for: error).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
        if message.isEmpty { return "" }
        let hint = code == .validationFailure ? " (see --help)" : ""
        return "Error: \(message)\(hint)\n"
    }
}
