import Foundation
import Testing

/// `wm eval retrieval` and `wm eval score` end to end on a handwritten corpus whose answers are
/// obvious from word overlap.
@Suite struct EvalCommandTests {
    static let items = """
        {"item_id": "c1-1", "conv_id": "c1", "text": "I adopted a black cat named Pepper."}
        {"item_id": "c1-2", "conv_id": "c1", "text": "My brother plays the violin in an orchestra."}
        {"item_id": "c1-3", "conv_id": "c1", "text": "We went hiking in the Alps last summer."}
        {"item_id": "c2-1", "conv_id": "c2", "text": "The bakery on Main Street sells sourdough bread."}
        {"item_id": "c2-2", "conv_id": "c2", "text": "Our team won the chess tournament yesterday."}

        """
    static let queries = """
        {"qid": "q1", "conv_id": "c1", "question": "What is the name of the black cat?", "evidence_ids": ["c1-1"], "category": 1}
        {"qid": "q2", "conv_id": "c1", "question": "Who plays the violin?", "evidence_ids": ["c1-2"], "category": 1}
        {"qid": "q3", "conv_id": "c2", "question": "Which tournament did the team win?", "evidence_ids": ["c2-2"], "category": 2}

        """

    @Test func retrievalWritesOneRankingPerQuestionWithTheObviousItemFirst() throws {
        let t = try TemporaryFolder()
        let items = try t.write("items.jsonl", Self.items), queries = try t.write("queries.jsonl", Self.queries)
        let out = t.path("rankings.jsonl")
        let r = try WMProcess.run(["eval", "retrieval", "--items", items, "--queries", queries, "--out", out, "--k", "3"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        var best: [String: String] = [:]
        for line in lines {
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let ids = try #require(o["ranked_ids"] as? [String])
            best[try #require(o["qid"] as? String)] = ids.first
            #expect(ids.count <= 3)
        }
        #expect(best == ["q1": "c1-1", "q2": "c1-2", "q3": "c2-2"])
    }

    @Test func scorePrintsRecallAtEachCutoffOverallAndPerCategory() throws {
        let t = try TemporaryFolder()
        let queries = try t.write("queries.jsonl", Self.queries)
        let rankings = try t.write("rankings.jsonl", """
            {"qid": "q1", "ranked_ids": ["c1-1", "c1-2"]}
            {"qid": "q2", "ranked_ids": ["c1-2", "c1-1"]}
            {"qid": "q3", "ranked_ids": ["c2-1", "c2-2"]}

            """)
        let r = try WMProcess.run(["eval", "score", "--queries", queries, "--rankings", rankings])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("set ") == true)
        // q3's evidence is second: R@1 = 2/3, R@5 = 1 overall; category 2 R@1 = 0.
        let overall = try #require(lines.first { $0.hasPrefix("overall (cat 1-4)") })
        #expect(overall.split(separator: " ").suffix(5).map(String.init) == ["3", "0.667", "1.000", "1.000", "1.000"])
        let cat2 = try #require(lines.first { $0.hasPrefix("category 2") })
        #expect(cat2.split(separator: " ").suffix(5).map(String.init) == ["1", "0.000", "1.000", "1.000", "1.000"])
    }

    @Test func malformedLineIsReportedByNumber() throws {
        let t = try TemporaryFolder()
        let items = try t.write("items.jsonl", Self.items)
        let queries = try t.write("queries.jsonl", """
            {"qid": "q1", "conv_id": "c1", "question": "What is the cat called?"}
            {"qid": "q2", "conv_id": "c1", "question": "Who plays the violin?"
            """)
        let r = try WMProcess.run(["eval", "retrieval", "--items", items, "--queries", queries, "--out", t.path("r.jsonl")])
        #expect(r.status != 0)
        #expect(r.errorLines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("line 2"))
        #expect(!FileManager.default.fileExists(atPath: t.path("r.jsonl")))
    }
}

/// Files of `wm eval retrieval`: outputs never replace inputs, configurations name what is wrong.
@Suite struct EvalRetrievalFileTests {
    func inputs(_ t: TemporaryFolder) throws -> (items: String, queries: String) {
        (try t.write("i.jsonl", #"{"item_id":"1","text":"the cat sleeps","conv_id":"c"}"# + "\n"),
         try t.write("q.jsonl", #"{"qid":"q","conv_id":"c","question":"where does the cat sleep"}"# + "\n"))
    }

    @Test func anOutputEqualToAnInputIsRefusedAndTheInputKept() throws {
        let t = try TemporaryFolder()
        let (items, queries) = try inputs(t)
        let before = try Data(contentsOf: URL(fileURLWithPath: items))
        let r = try WMProcess.run(["eval", "retrieval", "--items", items, "--queries", queries, "--out", t.url.path + "/./i.jsonl"])
        #expect(r.status != 0)
        #expect(r.errorLines.count == 1)
        #expect(r.stderr.contains("is the --items file"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: items)) == before)
    }

    @Test func anUnknownConfigurationFieldIsRefusedByName() throws {
        let t = try TemporaryFolder()
        let (items, queries) = try inputs(t)
        let config = try t.write("c.json", #"{"weights": {"bm26": 1}}"#)
        let r = try WMProcess.run(["eval", "retrieval", "--items", items, "--queries", queries, "--out", t.path("o.jsonl"), "--config", config])
        #expect(r.status != 0)
        #expect(r.stderr.contains("'weights.bm26': not a known field"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: t.path("o.jsonl")))
    }

    @Test func aMissingOutputFolderIsASentence() throws {
        let t = try TemporaryFolder()
        let (items, queries) = try inputs(t)
        let r = try WMProcess.run(["eval", "retrieval", "--items", items, "--queries", queries, "--out", t.path("no/such/o.jsonl")])
        #expect(r.errorLines == ["Error: --out: the folder '\(t.path("no/such"))' does not exist; create it first"])
    }
}
