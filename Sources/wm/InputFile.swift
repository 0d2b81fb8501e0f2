import Foundation
import WorkingMemory

/// Reading a file the user named on the command line, with a sentence for each way it can fail (no such file,
/// a directory, unreadable, too large, not UTF-8) instead of Foundation's error text.
enum InputFile {
    /// The bytes of `path`, or of standard input for `-`.
    /// - Parameters:
    ///   - flag: how the user named it (`--items`, `TEXT`), for the message.
    ///   - limit: the most bytes accepted.
    static func read(_ path: String, flag: String, limit: Int = Int.max) throws -> Data {
        if path == "-" { return try readStandardInput(flag: flag, limit: limit) }
        if let broken = brokenLink(path) { throw CLIError("\(flag): cannot read '\(path)': \(broken)") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError("\(flag): cannot read '\(path)': no such file")
        }
        if isDirectory.boolValue { throw CLIError("\(flag): '\(path)' is a directory; give a file") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CLIError("\(flag): cannot read '\(path)' (permission denied?)")
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: limit == Int.max ? Int.max : limit + 1)) ?? Data()
        if data.count > limit { throw CLIError("\(flag): '\(path)' is larger than \(limit) bytes") }
        return data
    }

    /// Why `path` is a symbolic link that cannot be followed (a loop, or a missing target), or nil when it is
    /// no link or a good one. Foundation's calls answer "no such file" for both, or follow the loop.
    static func brokenLink(_ path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return nil }
        if stat(path, &info) == 0 { return nil }
        return errno == ELOOP ? "it is a symbolic link in a loop (it leads back to itself)" : "it is a symbolic link to a file that does not exist"
    }

    static func readStandardInput(flag: String, limit: Int) throws -> Data {
        let data = (try? FileHandle.standardInput.read(upToCount: limit == Int.max ? Int.max : limit + 1)) ?? Data()
        if data.count > limit { throw CLIError("\(flag): standard input holds more than \(limit) bytes") }
        return data
    }

    /// The UTF-8 text of `path` (or standard input for `-`).
    static func text(_ path: String, flag: String, limit: Int = Int.max) throws -> String {
        let data = try read(path, flag: flag, limit: limit)
        guard let text = String(data: data, encoding: .utf8) else {
            let where_ = path == "-" ? "standard input" : "'\(path)'"
            throw CLIError("\(flag): \(where_) is not UTF-8 text (invalid byte sequence near byte \(JSONTextCheck.firstInvalidUTF8(Array(data)) ?? 0))")
        }
        return text
    }
}
