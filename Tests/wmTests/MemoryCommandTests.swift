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

    @Test func aForgottenTextIsInNoByteOfTheDatabaseFilesAfterTheProcessExits() throws {
        let t = try TemporaryFolder()
        let db = t.path("m.sqlite")
        for args in [["remember", "--pin", "The gate code is 4411."], ["remember", "ok lol 4411"],
                     ["remember", "My favourite colour is green."], ["context", "what is the gate code?"],
                     ["recall", "gate code"], ["forget", "--match", "gate code"], ["forget", "--match", "4411"]] {
            let r = try WMProcess.run(args + ["--db", db])
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        let c = try WMProcess.run(["context", "--db", db, "colour"])
        #expect(!c.stdout.contains("4411"))
        let files = try FileManager.default.contentsOfDirectory(atPath: t.url.path)
        #expect(files.contains("m.sqlite"))
        for name in files {
            let bytes = try Data(contentsOf: t.url.appendingPathComponent(name))
            #expect(bytes.range(of: Data("4411".utf8)) == nil, "\(name) still holds 4411")
            #expect(bytes.range(of: Data("gate code".utf8)) == nil, "\(name) still holds 'gate code'")
            if name == "m.sqlite" { #expect(bytes.range(of: Data("green".utf8)) != nil) }
        }
    }

    @Test func forgetWithARepeatedIdForgetsItOnce() throws {
        let t = try TemporaryFolder()
        let db = t.path("m.sqlite")
        #expect(try WMProcess.run(["remember", "--db", db, "--pin", "The gate code is 4411."]).status == 0)
        let f = try WMProcess.run(["forget", "--db", db, "1", "1"])
        #expect(f.status == 0, "\(f.stderr)")
        #expect(f.stdout.hasPrefix("forgot 1 item (#1) and 1 event (1)"))
    }

    @Test func forgetByWordsAlsoTakesTheGoalAndItsPlanAndSaysSo() throws {
        let t = try TemporaryFolder()
        let db = t.path("m.sqlite")
        let task = try WMProcess.run(["task", "--db", db, "--provider", "echo", "--max-steps", "2", "Plan the trip to Lisbon"])
        #expect(task.status == 0, "\(task.stderr)")
        let f = try WMProcess.run(["forget", "--db", db, "--match", "lisbon", "--yes"])
        #expect(f.status == 0, "\(f.stderr)")
        #expect(f.stdout.contains(", 1 goal (1) and "), "\(f.stdout)")
        let again = try WMProcess.run(["forget", "--db", db, "--match", "lisbon", "--dry-run"])
        #expect(again.stdout.hasPrefix("nothing holds the words 'lisbon'"), "\(again.stdout)")
        for name in try FileManager.default.contentsOfDirectory(atPath: t.url.path) {
            let bytes = try Data(contentsOf: t.url.appendingPathComponent(name))
            #expect(bytes.range(of: Data("Lisbon".utf8)) == nil, "\(name) still holds 'Lisbon'")
        }
    }

    @Test func aBroadMatchNeedsYesAndForgetsNothingWithout() throws {
        let t = try TemporaryFolder()
        let db = t.path("m.sqlite")
        for k in 1...4 { #expect(try WMProcess.run(["remember", "--db", db, "--pin", "Note \(k): a plant for the garden."]).status == 0) }
        let refused = try WMProcess.run(["forget", "--db", db, "--match", "garden"])
        #expect(refused.status != 0)
        #expect(refused.errorLines.count == 1)
        #expect(refused.stderr.contains("--yes"))
        #expect(try WMProcess.run(["recall", "--db", db, "garden"]).stdout.split(separator: "\n").count == 4)
        let confirmed = try WMProcess.run(["forget", "--db", db, "--match", "garden", "--yes"])
        #expect(confirmed.status == 0, "\(confirmed.stderr)")
        #expect(confirmed.stdout.hasPrefix("forgot 4 items"))
    }

    @Test func recallAndInspectShowEscapeSequencesOfAMemoryAsText() throws {
        let t = try TemporaryFolder()
        let db = t.path("m.sqlite")
        #expect(try WMProcess.run(["remember", "--db", db, "--pin", "The colour is \u{1B}[31mred\u{1B}[0m\u{1B}]0;owned\u{07}."]).status == 0)
        for args in [["recall", "red"], ["inspect"], ["inspect", "--item", "1"], ["context", "red"]] {
            let r = try WMProcess.run(args + ["--db", db])
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(!r.stdout.unicodeScalars.contains("\u{1B}"), "\(args) printed a raw escape")
            #expect(!r.stdout.unicodeScalars.contains("\u{07}"), "\(args) printed a raw bell")
            #expect(r.stdout.contains("\\u{1B}[31mred"), "\(args): \(r.stdout)")
        }
    }
}
