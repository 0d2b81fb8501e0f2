import Foundation
import Testing

/// Drives `wm` through a real pseudo-terminal with Python's standard `pty` module: `wm` sees a terminal on
/// standard input and output, as when a person types.
enum PseudoTerminal {
    static let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: FileManager.default.isExecutableFile)

    /// Runs `wm arguments…` in a terminal and plays `steps`, Python lines that may call `send(bytes)` and
    /// `read_until(bytes)` (which append what `wm` wrote to `out`), then waits for `wm` to end.
    /// - Returns: what `wm` wrote, then a line `EXIT <status>`; nil (after printing why) without python3.
    static func run(_ arguments: [String], steps: String, test: String) async throws -> String? {
        guard let python else {
            print("SKIPPED \(test): no python3 to drive a pseudo-terminal")
            return nil
        }
        let exe = try #require(WMProcess.executable)
        let script = """
        import json, os, pty, sys, time
        args = json.loads(sys.argv[2])
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(sys.argv[1], [sys.argv[1]] + args)
        out = ""
        def send(data): os.write(fd, data)
        def read_until(marker, limit=60):
            global out
            seen, end = b"", time.time() + limit
            while marker not in seen and time.time() < end:
                try: seen += os.read(fd, 1024)
                except OSError: break
            out += seen.decode("utf-8", "replace")
        \(steps)
        _, status = os.waitpid(pid, 0)
        print(out)
        print("EXIT", os.waitstatus_to_exitcode(status))
        """
        let argumentsJSON = String(decoding: try JSONSerialization.data(withJSONObject: arguments), as: UTF8.self)
        // Off Swift's pool: a stand-in in this process must keep answering while we wait.
        return try await WMChatProcess.offPool {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: python)
            p.arguments = ["-c", script, exe.path, argumentsJSON]
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            return text
        }
    }
}
