import Foundation

/// The built `wm` binary, for the tests that run it as a user would (the CLI, `wm serve`, `wm mcp`).
///
/// SwiftPM puts every product of a configuration in one folder (e.g. `.build/debug/`), so the binary lies next to
/// the test bundle; when it does not, `<package>/.build/debug/wm`.
public enum BuiltExecutable {
    /// The package's root folder (this file is `Tests/WMTestSupport/BuiltExecutable.swift`).
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `wm`, or nil when it was not built.
    public static let wm: URL? = {
        var candidates: [URL] = []
        if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent().appendingPathComponent("wm")) }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("wm"))
        candidates.append(packageRoot.appendingPathComponent(".build/debug/wm"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()
}
