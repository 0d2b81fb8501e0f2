import Foundation

/// Writing a file the user named: refused when it is one of the command's inputs (writing the output over
/// the model or the data it was made from would lose them), checked for a missing folder or a directory in
/// its place, and written atomically (a temporary file in the same folder, then a rename: an interrupted run
/// leaves the old file, never half a new one).
enum OutputFile {
    /// Refuses `path` when it is one of `inputs` (the same file by path or by device and inode, so a link or
    /// another spelling counts), when its folder is missing, or when it is a directory.
    /// A missing input is left to the command's reading, which names it.
    static func check(_ path: String, flag: String, inputs: [(flag: String, path: String?)]) throws {
        // Before anything follows the link: resolving a loop of links would go round it.
        if let broken = InputFile.brokenLink(path) { throw CLIError("\(flag): cannot write '\(path)': \(broken); give another path") }
        if inputs.contains(where: { $0.path.map { $0 != "-" && !FileManager.default.fileExists(atPath: $0) } ?? false }) { return }
        for input in inputs {
            guard let other = input.path, other != "-" else { continue }
            if sameFile(path, other) {
                throw CLIError("\(flag) '\(path)' is the \(input.flag) file; writing it would replace the input: give another path")
            }
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CLIError("\(flag) '\(path)' is a directory; give a file path")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) || !isDirectory.boolValue {
            throw CLIError("\(flag): the folder '\(folder)' does not exist; create it first")
        }
    }

    /// Writes `data` to `path` atomically (temporary file and rename).
    static func write(_ data: Data, to path: String, flag: String) throws {
        do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            throw CLIError("\(flag): cannot write '\(path)' (is the folder '\(folder)' writable and the disk not full?)")
        }
    }

    /// Whether two paths name one file: equal standardised paths, or the same device and inode.
    static func sameFile(_ a: String, _ b: String) -> Bool {
        let ua = URL(fileURLWithPath: a).standardizedFileURL.resolvingSymlinksInPath()
        let ub = URL(fileURLWithPath: b).standardizedFileURL.resolvingSymlinksInPath()
        if ua.path == ub.path { return true }
        var sa = stat(), sb = stat()
        guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }
}
