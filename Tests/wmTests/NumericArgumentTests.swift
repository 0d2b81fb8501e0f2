import Foundation
import Testing

/// Numbers that make no sense are refused before any work, with one line naming the option, the range it takes
/// and the value given (exit 64): `wm nn`, `wm eval` and `wm bench`. The table in docs/history/hostile-inputs.md
/// lists what each option accepts.
@Suite struct NumericArgumentTests {
    @Test(arguments: [
        (["nn", "train", "--task", "nback", "--n", "0"], "--n must be within 1...29"),
        (["nn", "train", "--task", "nback", "--n", "30"], "--n must be within 1...29"),
        (["nn", "train", "--task", "adding", "--clip=-1"], "--clip must be 0 (off) or a positive finite norm, got -1.0"),
        (["nn", "train", "--task", "adding", "--clip", "nan"], "--clip"),
        (["nn", "train", "--task", "adding", "--lr", "nan"], "--lr must be a positive finite number, got nan"),
        (["nn", "train", "--task", "adding", "--lr", "0"], "--lr"),
        (["nn", "train", "--task", "adding", "--lr", "inf"], "--lr"),
        (["nn", "train", "--task", "adding", "--steps", "0"], "--steps must be at least 1, got 0"),
        (["nn", "train", "--task", "adding", "--hidden", "0"], "--hidden must be within 1...8192"),
        (["nn", "train", "--task", "adding", "--hidden", "100000"], "--hidden must be within 1...8192 units, got 100000"),
        (["nn", "train", "--task", "adding", "--batch-size=-4"], "--batch-size"),
        (["nn", "train", "--task", "adding", "--eval-every", "0"], "--eval-every"),
        (["nn", "demo", "--steps", "2000000"], "--steps must be within 1...1000000"),
        (["nn", "train-bench", "tasks", "--lr", "nan"], "--lr must be a positive finite number"),
        (["nn", "train-bench", "tasks", "--hidden", "0"], "--hidden"),
        (["nn", "train-bench", "tasks", "--batch", "0"], "--batch"),
        (["nn", "train-bench", "tasks", "--max-steps=-1"], "--max-steps"),
        (["eval", "retrieval", "--items", "i", "--queries", "q", "--out", "o", "--k", "0"], "--k"),
        (["eval", "bench", "--items", "i", "--queries", "q", "--copies", "0"], "--copies"),
        (["eval", "bench", "--items", "i", "--queries", "q", "--max-queries", "0"], "--max-queries"),
        (["eval", "dialogue", "--items", "i", "--queries", "q", "--budgets", "512,,1024"], "--budgets"),
        (["eval", "dialogue", "--items", "i", "--queries", "q", "--per-category", "0"], "--per-category"),
        (["eval", "dialogue", "--items", "i", "--queries", "q", "--context-limit=-5"], "--context-limit"),
        (["bench", "memory", "--queries", "0"], "--queries must be at least 1"),
        (["bench", "memory", "--items=-1"], "--items"),
        (["bench", "gates", "--admit", "0.2,abc"], "'abc' in '0.2,abc' is not one"),
        (["bench", "gates", "--decay", "nan"], "--decay"),
        (["bench", "gates", "--w-novelty", "inf"], "--w-novelty must be a finite number"),
        (["bench", "serve", "--seconds", "nan"], "--seconds"),
        (["bench", "serve", "--append-share", "1.5"], "--append-share"),
    ] as [([String], String)])
    func nonsenseIsRefusedWithASentence(arguments: [String], mentions: String) throws {
        let r = try WMProcess.run(arguments)
        #expect(r.status == 64, "\(arguments): \(r.stderr)")
        #expect(r.errorLines.first?.hasPrefix("Error: ") == true, "\(arguments): \(r.stderr)")
        #expect(r.stderr.contains(mentions), "\(arguments): \(r.stderr)")
    }

    /// A tiny run (4 units, 2 steps) leaves a checkpoint to resume.
    func trainedCheckpoint(_ t: TemporaryFolder) throws -> String {
        let r = try WMProcess.run(["nn", "train", "--task", "nback", "--n", "2", "--hidden", "4", "--steps", "2", "--eval-every", "2",
                                   "--out", t.path("run")])
        #expect(r.status == 2, "\(r.stderr)")  // not solved in 2 steps: exit 2, the checkpoint written
        return t.path("run/nback-2.safetensors")
    }

    @Test func resumeRefusesACheckpointOfAnotherTaskNamingBoth() throws {
        let t = try TemporaryFolder()
        let checkpoint = try trainedCheckpoint(t)
        let r = try WMProcess.run(["nn", "train", "--task", "nback", "--n", "3", "--hidden", "4", "--steps", "4", "--resume", checkpoint])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.errorLines.count == 1)
        #expect(r.stderr.contains("was trained on the task nback-2, this run asks for nback-3"), "\(r.stderr)")
    }

    @Test func resumeRefusesACheckpointOfAnotherArchitectureNamingBoth() throws {
        let t = try TemporaryFolder()
        let checkpoint = try trainedCheckpoint(t)
        let r = try WMProcess.run(["nn", "train", "--task", "nback", "--n", "2", "--cell", "gru", "--hidden", "8", "--steps", "4", "--resume", checkpoint])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("holds the model LSTM 4 (input 8)"), "\(r.stderr)")
        #expect(r.stderr.contains("this run builds GRU 8 (input 8)"), "\(r.stderr)")
    }

    @Test func resumeContinuesAMatchingCheckpoint() throws {
        let t = try TemporaryFolder()
        let checkpoint = try trainedCheckpoint(t)
        let r = try WMProcess.run(["nn", "train", "--task", "nback", "--n", "2", "--hidden", "4", "--steps", "4", "--eval-every", "2", "--resume", checkpoint])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stdout.contains("resuming from \(checkpoint) at step 2"), "\(r.stdout)")
    }
}
