import Foundation
import Testing

/// `wm remember -` and `--file`: texts longer than a command-line argument may be.
@Suite struct LongTextCommandTests {
    /// About 300 KiB: more than one argument may hold (about 128 KiB on Linux).
    let long = (0..<30_000).map { "w\($0)" }.joined(separator: " ")

    @Test func rememberReadsTheTextFromStandardInput() throws {
        let t = try TemporaryFolder()
        let db = t.path("m.sqlite")
        let r = try WMProcess.run(["remember", "--db", db, "-"], input: Data((long + "\n").utf8))
        #expect(r.status == 0, "\(r.stderr)")
        let q = try WMProcess.run(["recall", "--db", db, "--limit", "1", "w29999"])
        #expect(q.stdout.contains("w29998 w29999\n"))
    }

    @Test func rememberReadsTheTextFromAFile() throws {
        let t = try TemporaryFolder()
        let db = t.path("m.sqlite")
        let file = try t.write("long.txt", long)
        let r = try WMProcess.run(["remember", "--db", db, "--file", file])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try WMProcess.run(["recall", "--db", db, "--limit", "1", "w15000"]).stdout.contains("w15000 w15001"))
    }

    @Test func aFileThatIsNotUTF8IsRefusedInOneLine() throws {
        let t = try TemporaryFolder()
        let db = t.path("m.sqlite")
        let file = t.path("bad.txt")
        try Data([0x62, 0x61, 0x64, 0x20, 0xFF, 0xFE]).write(to: URL(fileURLWithPath: file))
        let r = try WMProcess.run(["remember", "--db", db, "--file", file])
        #expect(r.status == 1)
        #expect(r.errorLines == ["Error: --file: '\(file)' is not UTF-8 text (invalid byte sequence near byte 4)"])
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func aDirectoryOrAMissingFileIsASentence() throws {
        let t = try TemporaryFolder()
        let db = t.path("m.sqlite")
        #expect(try WMProcess.run(["remember", "--db", db, "--file", t.url.path]).errorLines == ["Error: --file: '\(t.url.path)' is a directory; give a file"])
        #expect(try WMProcess.run(["remember", "--db", db, "--file", t.path("nope.txt")]).errorLines == ["Error: --file: cannot read '\(t.path("nope.txt"))': no such file"])
    }
}
