import Foundation
import Testing

/// `wm task` end to end against the echo stand-in (not a model: its plan is its echo, so one step).
@Suite struct TaskCommandTests {
    /// The per-call counts of the line `tokens sent per call: plan 120, step 1 210, answer 300 (total …)`.
    static func perCall(_ stdout: String) -> [Int] {
        guard let line = stdout.split(separator: "\n").first(where: { $0.hasPrefix("tokens sent per call:") }) else { return [] }
        let list = line.dropFirst("tokens sent per call:".count).split(separator: "(")[0]
        return list.split(separator: ",").compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }
    }

    @Test func aTaskRunsPlanStepAndAnswerAndPrintsTheTokensOfEachCall() throws {
        let t = try TemporaryFolder()
        let r = try WMChatProcess.run(["task", "--provider", "echo", "--db", t.path("t.sqlite"), "--budget", "300", "Plan a day in Porto"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("goal 1: Plan a day in Porto"))
        #expect(r.stdout.contains("  2. Sum up: Plan a day in Porto"), "\(r.stdout)")
        #expect(r.stdout.contains("answer: [echo stand-in, not a model]"))
        let counts = Self.perCall(r.stdout)
        #expect(counts.count == 4, "\(r.stdout)")
        #expect(counts.allSatisfy { $0 > 0 && $0 <= 300 }, "\(counts)")
    }

    @Test func aFileOfTasksRunsInOrderInOneSession() throws {
        let t = try TemporaryFolder()
        let file = try t.write("tasks.txt", "# trip\nFind a hotel in Porto\n\nBook a table for dinner\n")
        let r = try WMChatProcess.run(["task", "--provider", "echo", "--db", t.path("t.sqlite"), "--file", file])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("task 1 of 2: Find a hotel in Porto"))
        #expect(r.stdout.contains("task 2 of 2: Book a table for dinner"))
        let inspect = try WMProcess.run(["inspect", "--db", t.path("t.sqlite")])
        #expect(inspect.stdout.contains("Find a hotel in Porto"), "\(inspect.stdout)")
    }

    @Test func aTaskFileThatIsMissingOrEmptyIsOneClearError() throws {
        let t = try TemporaryFolder()
        let missing = try WMChatProcess.run(["task", "--provider", "echo", "--db", t.path("t.sqlite"), "--file", t.path("nope.txt")])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot read the task file"))
        let empty = try WMChatProcess.run(["task", "--provider", "echo", "--db", t.path("t.sqlite"), "--file", try t.write("e.txt", "# nothing\n\n")])
        #expect(empty.stderr.contains("holds no task"))
    }

    @Test func aTaskAndAFileTogetherAreRefused() throws {
        let t = try TemporaryFolder()
        let r = try WMChatProcess.run(["task", "--provider", "echo", "--db", t.path("t.sqlite"), "--file", "x", "y"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("give a task or --file"))
    }
}
