import Foundation
import Testing

/// `wm eval dialogue` on a small conversation written here (the tests do not depend on LoCoMo).
@Suite struct EvalDialogueCommandTests {
    static func files(_ t: TemporaryFolder) throws -> (items: String, queries: String) {
        var lines = [#"{"conv_id":"c","item_id":"D1:1","text":"Ana: My sister Maria is getting married in Porto on June 14.","speaker":"Ana","session":1,"session_date_iso":"2024-01-01T10:00"}"#]
        for i in 2...60 {
            lines.append(#"{"conv_id":"c","item_id":"D1:\#(i)","text":"Ben: I walked the dog around lake \#(i) and it rained again.","speaker":"Ben","session":1,"session_date_iso":"2024-01-01T10:00"}"#)
        }
        let items = try t.write("items.jsonl", lines.joined(separator: "\n") + "\n")
        let queries = try t.write("queries.jsonl", #"{"qid":"q1","conv_id":"c","question":"Where is Maria getting married?","evidence_ids":["D1:1"],"category":4,"evaluated":true,"answer":"Porto"}"# + "\n")
        return (items, queries)
    }

    @Test func itPrintsTokensAndEvidenceRecallForEachPrompt() throws {
        let t = try TemporaryFolder()
        let (items, queries) = try Self.files(t)
        let r = try WMChatProcess.run(["eval", "dialogue", "--items", items, "--queries", queries, "--budgets", "150"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        let memory = try #require(rows.first { $0.starts(with: ["memory", "150"]) })
        let last = try #require(rows.first { $0.starts(with: ["last", "turns", "150"]) })
        #expect(memory[4] == "1.000", "\(r.stdout)")
        #expect(last[5] == "0.000", "\(r.stdout)")
        #expect(r.stdout.contains("whole conversation"))
    }

    @Test func gateParametersThatAreNotJSONAreOneClearError() throws {
        let t = try TemporaryFolder()
        let (items, queries) = try Self.files(t)
        let r = try WMChatProcess.run(["eval", "dialogue", "--items", items, "--queries", queries, "--parameters", "{shares"])
        #expect(r.status == 1)
        #expect(r.errorLines.count == 1)
        #expect(r.stderr.contains("--parameters is neither"), "\(r.stderr)")
    }
}
