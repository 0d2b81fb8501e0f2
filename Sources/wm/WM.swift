import ArgumentParser
import Foundation
import Neural

/// `wm`: the WorkingMemory command-line tool.
@main
struct WM: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wm",
        abstract: "A working memory for LLM applications, on a recurrent-network engine of its own.",
        subcommands: [NN.self, Embed.self, Eval.self, Remember.self, Recall.self, ContextCommand.self, Inspect.self, Forget.self, Export.self, Import.self, Serve.self, MCPCommand.self, Chat.self, TaskCommand.self, Demo.self, Bench.self]
    )

    /// Runs the command and reports every failure the same way: one line `Error: …` on standard
    /// error and a non-zero exit status (1 for failures at run time, 64 for bad arguments), for
    /// every subcommand. ArgumentParser's own `exit(withError:)` adds usage lines after argument
    /// errors; here they become a pointer to `--help`, so scripts can read the one line.
    static func main() async {
        // OpenBLAS's threads would spin on our cores for the first ~100 ms of every command.
        stopIdleOpenBLASThreads()
        // Training frees and re-allocates the same large buffers every step (docs/training.md).
        keepFreedMemoryForReuse()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                // A synchronous command runs on a thread of its own, not on a Swift-concurrency
                // pool thread: from a pool thread glibc handed every large tensor back to the
                // kernel when it was freed, so each call faulted its pages in again (`wm nn bench
                // --cases c`: 131 vs 113 ms, 148k vs 34k page faults; docs/engine.md, Performance).
                try await runOnOwnThread(&command)
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

    /// Runs a synchronous command on a new thread (8 MiB stack) and waits for it.
    static func runOnOwnThread(_ command: inout any ParsableCommand) async throws {
        let box = CommandBox(command)
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                do { try box.run(); done.resume() } catch { done.resume(throwing: error) }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        command = box.command
    }
}

/// Hands a parsed command to the thread that runs it (only that thread touches it until it ends).
private final class CommandBox: @unchecked Sendable {
    var command: any ParsableCommand
    init(_ command: any ParsableCommand) { self.command = command }
    func run() throws { try command.run() }
}
