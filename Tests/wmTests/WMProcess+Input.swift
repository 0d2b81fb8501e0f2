import Foundation
import Testing

extension WMProcess {
    /// Runs `wm arguments…` with `input` on its standard input.
    static func run(_ arguments: [String], input: Data) throws -> Result {
        let exe = try #require(executable, "the wm executable was not built next to the tests (run `swift build` first)")
        let p = Process()
        p.executableURL = exe
        p.arguments = arguments
        let inPipe = Pipe(), out = Pipe(), err = Pipe()
        p.standardInput = inPipe
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Feed and close standard input from another thread, so that a child that writes much before it reads
        // cannot block on a full output pipe.
        let writer = Thread {
            inPipe.fileHandleForWriting.write(input)
            try? inPipe.fileHandleForWriting.close()
        }
        writer.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}
