import Foundation
import Testing

/// Every command reports a failure the same way: exactly one line `Error: …` on standard error and a
/// non-zero exit status (1 at run time, 64 for bad arguments). One failing call per command, each
/// failing before any real work, so the suite stays fast.
@Suite struct ErrorStyleTests {
    static let missing = "/nonexistent/wm-tests/file"

    @Test(arguments: [
        (["nn", "predict", "--weights", missing, "--layers", "a", "--input", missing, "--output", missing], Int32(1), "cannot access"),
        (["nn", "demo", "--steps", "0"], 64, "--steps"),
        (["nn", "train", "--task", "juggling"], 64, "--task"),
        (["nn", "train-bench", "juggling"], 64, "step or tasks"),
        (["nn", "train-bench", "tasks", "--tasks", "adding,juggling"], 64, "juggling"),
        (["nn", "train-bench", "tasks", "--torch-threads", "0"], 64, "--torch-threads"),
        (["nn", "bench", "--cases", "abc"], 64, "--cases"),
        (["eval", "retrieval", "--items", missing, "--queries", missing, "--out", missing], 1, "cannot read"),
        (["eval", "score", "--queries", missing, "--rankings", missing], 1, "cannot read"),
        (["eval", "bench", "--items", missing, "--queries", missing], 1, "cannot read"),
        (["remember", "--db", "DB", ""], 1, "event text is empty"),
        (["recall", "--db", "DB", "--session", "nobody", "x"], 1, "no session 'nobody'"),
        (["context", "--db", "DB", "--budget", "0", "x"], 1, "budget"),
        (["inspect", "--db", "DB", "--item", "42"], 1, "item 42"),
        (["forget", "--db", "DB", "42"], 1, "no item 42"),
        (["demo", "--budget", "0"], 1, "budget"),
        (["bench", "gates", "--items", missing], 1, "cannot read"),
        (["bench", "crash", "--rounds", "0"], 64, "--rounds"),
        (["nn", "predict", "--weights"], 64, "--weights"),
        // Our side runs (tiny), then the PyTorch side fails: an error after our numbers.
        (["nn", "bench", "--cases", "a", "--repeats", "1", "--quick", "--python", "/bin/false"], 1, "PyTorch side failed"),
        (["nn", "train-bench", "task-step", "--tasks", "nback2", "--steps", "1", "--python", "/bin/false", "--script", "/bin/false"], 1, "PyTorch side failed"),
    ] as [([String], Int32, String)])
    func failsWithOneErrorLine(arguments: [String], status: Int32, mentions: String) throws {
        let t = try TemporaryFolder()
        let db = t.path("m.sqlite")
        #expect(try WMProcess.run(["remember", "--db", db, "A first event keeps the default session alive."]).status == 0)
        let r = try WMProcess.run(arguments.map { $0 == "DB" ? db : $0 })
        #expect(r.status == status, "\(arguments): \(r.stderr)")
        #expect(r.errorLines.count == 1, "\(arguments): \(r.stderr)")
        #expect(r.errorLines.first?.hasPrefix("Error: ") == true, "\(arguments): \(r.stderr)")
        #expect(r.stderr.contains(mentions), "\(arguments): \(r.stderr)")
    }
}
