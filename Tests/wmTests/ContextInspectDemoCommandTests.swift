import Foundation
import Testing

/// `wm context`, `wm inspect` and `wm demo` end to end: the binary, a database in a temporary folder.
@Suite struct ContextInspectDemoCommandTests {
    static let turns = [
        "My sister Ana lives in Porto.",
        "The weather was nice today and we walked along the river for hours talking about nothing in particular.",
        "I bought a new bicycle, a red one with twelve gears and a basket on the front for groceries.",
        "My favourite colour is blue.",
    ]

    /// A database holding `turns` in the default session.
    static func rememberedSession(_ t: TemporaryFolder) throws -> String {
        let db = t.path("m.sqlite")
        for text in turns {
            let r = try WMProcess.run(["remember", "--db", db, text])
            #expect(r.status == 0, "\(r.stderr)")
        }
        return db
    }

    /// (used, budget) from the header `context for "…": 54/60 tokens`.
    static func tokens(_ header: Substring) -> (used: Int, budget: Int)? {
        guard let colon = header.range(of: "\": ", options: .backwards) else { return nil }
        let parts = header[colon.upperBound...].split(separator: " ")[0].split(separator: "/")
        guard parts.count == 2, let used = Int(parts[0]), let budget = Int(parts[1]) else { return nil }
        return (used, budget)
    }

    @Test func contextStaysWithinEveryBudgetAndHoldsTheRememberedFactWhenThereIsRoom() throws {
        let t = try TemporaryFolder()
        let db = try Self.rememberedSession(t)
        for budget in [30, 80, 200] {
            let r = try WMProcess.run(["context", "--db", db, "--budget", "\(budget)", "Where does Ana live?"])
            #expect(r.status == 0, "\(r.stderr)")
            let lines = r.stdout.split(separator: "\n")
            let (used, shown) = try #require(lines.first.flatMap(Self.tokens), "header: \(lines.first ?? "")")
            #expect(shown == budget)
            #expect(used <= budget, "budget \(budget): \(used) tokens")
            if budget == 200 {
                #expect(r.stdout.contains("My sister Ana lives in Porto."), "\(r.stdout)")
                #expect(r.stdout.contains("user.favourite colour: blue"), "\(r.stdout)")
            }
        }
    }

    @Test func contextMessagesAreJSONEndingWithTheQuery() throws {
        let t = try TemporaryFolder()
        let db = try Self.rememberedSession(t)
        let r = try WMProcess.run(["context", "--db", db, "--budget", "200", "--messages", "Where does Ana live?"])
        #expect(r.status == 0, "\(r.stderr)")
        let messages = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: String]])
        #expect(messages.last == ["role": "user", "content": "Where does Ana live?"])
        #expect(messages.contains { $0["content"]?.contains("Porto") == true })
    }

    @Test func contextOfAMissingSessionFailsInOneLine() throws {
        let t = try TemporaryFolder()
        let db = try Self.rememberedSession(t)
        let r = try WMProcess.run(["context", "--db", db, "--session", "nobody", "anything"])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.errorLines.count == 1, "\(r.stderr)")
        #expect(r.errorLines.first?.hasPrefix("Error: no session 'nobody'") == true, "\(r.stderr)")
    }

    @Test func inspectExplainsWhyAnItemWasAdmitted() throws {
        let t = try TemporaryFolder()
        let db = try Self.rememberedSession(t)
        let all = try WMProcess.run(["inspect", "--db", db])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.hasPrefix("session default/default/default: 4 items, turn 4"), "\(all.stdout)")
        #expect(all.stdout.contains("user.favourite colour = blue"))
        let one = try WMProcess.run(["inspect", "--db", db, "--item", "1"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.hasPrefix("item 1 [active]: My sister Ana lives in Porto."), "\(one.stdout)")
        #expect(one.stdout.contains("input/admitted item 1"))
    }

    @Test func inspectOfAMissingItemFailsInOneLineAndChangesNothing() throws {
        let t = try TemporaryFolder()
        let db = try Self.rememberedSession(t)
        let before = try WMProcess.run(["inspect", "--db", db]).stdout
        let r = try WMProcess.run(["inspect", "--db", db, "--item", "99"])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.errorLines == ["Error: not found: item 99 in session default/default/default"], "\(r.stderr)")
        #expect(try WMProcess.run(["inspect", "--db", db]).stdout == before)
    }

    @Test func demoRunsItsThreeSessionsChineseIncludedWithinTheBudget() throws {
        let r = try WMProcess.run(["demo", "--budget", "200"])
        #expect(r.status == 0, "\(r.stderr)")
        let headers = r.stdout.split(separator: "\n").filter { $0.hasPrefix("=== session ") }
        #expect(headers.count == 3, "\(headers)")
        #expect(headers.last?.contains("中文") == true)
        #expect(r.stdout.contains("* fact user.护照号码 = E12345678"))
        #expect(r.stdout.contains("(supersedes 柏林, kept in history)"))
        // Each assembled context ends with "(used/200 tokens, k chat messages)".
        let footers = r.stdout.split(separator: "\n").filter { $0.contains("/200 tokens, ") }
        #expect(footers.count == 3, "\(footers)")
        for line in footers {
            let used = Int(line.split(separator: "(")[1].split(separator: "/")[0]) ?? .max
            #expect(used <= 200, "\(line)")
        }
    }
}
