import Foundation

/// Debian's `chromium` run headless on a local file: its console errors, the DOM after
/// rendering, and a screenshot.
enum Chromium {
    /// The browser on PATH (`chromium`, `chromium-browser`), nil when none is installed.
    static let executable: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let url = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
        }
        return nil
    }()

    struct Load {
        /// Every console message (the pages checked run no script: each one is an error the
        /// browser reports, such as a refused resource or script).
        var consoleErrors: [String]
        /// The DOM after loading (`--dump-dom`).
        var dom: String
        /// Size of the screenshot PNG, 0 when none was written.
        var screenshotBytes: Int
    }

    /// Loads `file` twice: once for the DOM and the console, once for a 1200 × 1600 screenshot.
    static func load(_ file: String, screenshot: String) throws -> Load {
        let url = URL(fileURLWithPath: file).absoluteString
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("wm-chromium-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile)",
                      "--enable-logging=stderr", "--log-level=0", "--v=0"]
        let dump = try run(common + ["--dump-dom", url])
        let shot = try run(common + ["--window-size=1200,1600", "--screenshot=\(screenshot)", url])
        let logs = (dump.stderr + "\n" + shot.stderr).split(separator: "\n").map(String.init)
        // Headless Chromium logs every console message as `INFO:CONSOLE:<line>] "text", source: …`,
        // whatever its level (console.error, an uncaught exception, a policy violation alike). The
        // pages checked run no script, so any console message is the browser reporting a problem.
        let errors = logs.filter { $0.contains(":CONSOLE") || $0.contains("net::ERR_") }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: screenshot)[.size] as? Int) ?? 0
        return Load(consoleErrors: errors, dom: dump.stdout, screenshotBytes: bytes ?? 0)
    }

    private static func run(_ arguments: [String]) throws -> (stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}
