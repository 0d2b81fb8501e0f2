import Foundation
import Testing

/// `wm remember / recall / forget` end to end: the binary, a database file in a temporary folder.
@Suite struct MemoryCommandTests {
    @Test func recallFindsWhatWasRememberedInTheSameSession() throws {
        let t = try TemporaryFolder()
        let db = t.path("m.sqlite")
        let r = try WMProcess.run(["remember", "--db", db, "--pin", "My sister Ana lives in Porto."])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("event 1 "))
        let q = try WMProcess.run(["recall", "--db", db, "Porto"])
        #expect(q.status == 0, "\(q.stderr)")
        #expect(q.stdout.hasPrefix("#1 "))
        #expect(q.stdout.contains("My sister Ana lives in Porto."))
    }

    @Test func anotherSessionDoesNotSeeTheItem() throws {
        let t = try TemporaryFolder()
        let db = t.path("m.sqlite")
        #expect(try WMProcess.run(["remember", "--db", db, "--session", "a", "--pin", "The gate code is 4411."]).status == 0)
        #expect(try WMProcess.run(["remember", "--db", db, "--session", "b", "--pin", "Lunch was pasta."]).status == 0)
        let q = try WMProcess.run(["recall", "--db", db, "--session", "b", "gate code"])
        #expect(q.status == 0, "\(q.stderr)")
        #expect(!q.stdout.contains("4411"))
        let other = try WMProcess.run(["recall", "--db", db, "--user", "someone", "--session", "a", "gate code"])
        #expect(other.status != 0)
        #expect(!other.stdout.contains("4411"))
    }

    @Test func emptyTextIsRejectedInOneLineAndNothingIsLost() throws {
        let t = try TemporaryFolder()
        let db = t.path("m.sqlite")
        #expect(try WMProcess.run(["remember", "--db", db, "--pin", "The gate code is 4411."]).status == 0)
        let bad = try WMProcess.run(["remember", "--db", db, ""])
        #expect(bad.status != 0)
        #expect(bad.errorLines.count == 1, "\(bad.stderr)")
        let q = try WMProcess.run(["recall", "--db", db, "gate code"])
        #expect(q.status == 0)
        #expect(q.stdout.contains("The gate code is 4411."))
    }

    @Test func corruptDatabaseGivesOneLineErrorAndKeepsItsBytes() throws {
        let t = try TemporaryFolder()
        let db = t.path("corrupt.sqlite")
        let bytes = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })
        try bytes.write(to: URL(fileURLWithPath: db))
        for args in [["recall", "--db", db, "anything"], ["remember", "--db", db, "new text"]] {
            let r = try WMProcess.run(args)
            #expect(r.status != 0, "\(args[0])")
            #expect(r.errorLines.count == 1, "\(args[0]): \(r.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == bytes)
    }

    @Test func chineseTextIsRecalledByAWordInside() throws {
        let t = try TemporaryFolder()
        let db = t.path("m.sqlite")
        #expect(try WMProcess.run(["remember", "--db", db, "--pin", "我下周去上海开会。"]).status == 0)
        #expect(try WMProcess.run(["remember", "--db", db, "--pin", "The cat sleeps on the sofa."]).status == 0)
        let q = try WMProcess.run(["recall", "--db", db, "上海"])
        #expect(q.status == 0, "\(q.stderr)")
        let first = q.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.contains("我下周去上海开会。"))
    }

    @Test func forgetDeletesTheItemSoRecallNoLongerFindsIt() throws {
        let t = try TemporaryFolder()
        let db = t.path("m.sqlite")
        #expect(try WMProcess.run(["remember", "--db", db, "--pin", "The gate code is 4411."]).status == 0)
        let f = try WMProcess.run(["forget", "--db", db, "--match", "gate code"])
        #expect(f.status == 0, "\(f.stderr)")
        let q = try WMProcess.run(["recall", "--db", db, "gate code"])
        #expect(!q.stdout.contains("4411"))
    }
}
