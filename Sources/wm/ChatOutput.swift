import Foundation

/// Where `wm chat` and `wm task` write: answers and command results on standard output, notes about tokens and
/// errors on standard error. Each write goes straight to the file descriptor (no buffer), so a streamed answer
/// shows piece by piece as it arrives.
enum ChatOutput {
    static func out(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }

    static func line(_ text: String) { out(text + "\n") }

    static func note(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

    /// Whether standard input is a terminal (then a prompt is shown); piped lines are read without one.
    static var interactive: Bool { isatty(STDIN_FILENO) == 1 }
}
