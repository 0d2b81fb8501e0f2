import Foundation
import Testing
@testable import WorkingMemory

@Suite struct EvaluationParsingTests {
    func data(_ lines: String...) -> Data { Data(lines.joined(separator: "\n").utf8) }

    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "no error" } catch { return "\(error)" }
    }

    @Test func itemsParseAllFields() throws {
        let items = try EvaluationItem.parseLines(data(
            #"{"conv_id": "c1", "item_id": "D1:1", "text": "Caroline: hi", "session": 1, "session_date_iso": "2023-05-08T13:56", "speaker": "Caroline", "blip_caption": null}"#,
            "",
            #"{"corpus_id": "k", "item_id": 7, "text": "doc", "date_iso": "2024-01-02"}"#))
        #expect(items.count == 2)
        #expect(items[0] == EvaluationItem(id: "D1:1", group: "c1", text: "Caroline: hi", date: ISODate.parse("2023-05-08T13:56:00Z"),
                                           speaker: "Caroline", session: "1", caption: nil))
        #expect(items[1].id == "7" && items[1].group == "k" && items[1].session == nil)
        #expect(items[1].date == ISODate.parse("2024-01-02T00:00:00+00:00"))
    }

    @Test func conversationKeyWinsOverCorpusKey() throws {
        let items = try EvaluationItem.parseLines(data(#"{"conv_id": "a", "corpus_id": "b", "item_id": "1", "text": "x"}"#))
        #expect(items[0].group == "a")
    }

    @Test func badLinesAreNamedByNumberAndReason() {
        #expect(message { _ = try EvaluationItem.parseLines(data(#"{"conv_id": "c", "item_id": "1", "text": "x"}"#, "{not json"), source: "items.jsonl") }
            == "invalid argument: items.jsonl line 2: not valid JSON ('{not json')")
        #expect(message { _ = try EvaluationItem.parseLines(data(#"{"conv_id": "c", "item_id": "1"}"#), source: "items.jsonl") }
            == "invalid argument: items.jsonl line 1: missing field 'text'")
        #expect(message { _ = try EvaluationItem.parseLines(data(#"{"item_id": "1", "text": "x"}"#), source: "items.jsonl") }
            == "invalid argument: items.jsonl line 1: missing group key: 'conv_id' or 'corpus_id'")
        #expect(message { _ = try EvaluationItem.parseLines(data(#"{"conv_id": "c", "item_id": "1", "text": ["x"]}"#), source: "i") }
            .hasPrefix("invalid argument: i line 1: field 'text' must be a string"))
        #expect(message { _ = try EvaluationItem.parseLines(data(#"{"conv_id": "c", "item_id": "1", "text": "x", "date_iso": "May 8"}"#), source: "i") }
            == "invalid argument: i line 1: field 'date_iso' is not an ISO 8601 date: 'May 8'")
        #expect(message { _ = try EvaluationItem.parseLines(data(#"[1, 2]"#), source: "i") }
            == "invalid argument: i line 1: expected a JSON object, found '[1, 2]'")
        #expect(message { _ = try EvaluationItem.parseLines(data(#"{"conv_id": "c", "item_id": "1", "text": "x"}"#, #"{"conv_id": "c", "item_id": "1", "text": "y"}"#), source: "i") }
            == "invalid argument: i line 2: item_id '1' appears twice in group 'c'")
    }

    @Test func queriesParseEvidenceCategoryAndEvaluated() throws {
        let qs = try EvaluationQuery.parseLines(data(
            #"{"qid": "q1", "conv_id": "c", "question": "When?", "evidence_ids": ["D1:3"], "category": 2, "evaluated": true}"#,
            #"{"qid": "q2", "conv_id": "c", "question": "Who?", "evidence_ids": [], "category": 5, "evaluated": false, "question_date_iso": "2023-06-01"}"#))
        #expect(qs[0].evidence == ["D1:3"] && qs[0].category == 2 && qs[0].evaluated)
        #expect(!qs[1].evaluated && qs[1].date == ISODate.parse("2023-06-01"))
    }

    @Test func badQueriesAreNamed() {
        #expect(message { _ = try EvaluationQuery.parseLines(data(#"{"qid": "q1", "conv_id": "c"}"#), source: "q") }
            == "invalid argument: q line 1: missing field 'question'")
        #expect(message { _ = try EvaluationQuery.parseLines(data(#"{"qid": "q1", "conv_id": "c", "question": "a"}"#, #"{"qid": "q1", "conv_id": "c", "question": "b"}"#), source: "q") }
            == "invalid argument: q line 2: qid 'q1' appears twice")
        #expect(message { _ = try EvaluationQuery.parseLines(data(#"{"qid": "q1", "conv_id": "c", "question": "a", "category": "two"}"#), source: "q") }
            == "invalid argument: q line 1: field 'category' must be an integer")
    }

    @Test func isoDatesInTheFormsMemoryDataUses() {
        let midnight: Double = 1_683_504_000  // 2023-05-08T00:00:00Z
        let t1356: Double = midnight + 50_160, t1356s10: Double = t1356 + 10
        #expect(ISODate.parse("2023-05-08")?.timeIntervalSince1970 == midnight)
        #expect(ISODate.parse("2023-05-08T13:56")?.timeIntervalSince1970 == t1356)
        #expect(ISODate.parse("2023-05-08T13:56:10Z")?.timeIntervalSince1970 == t1356s10)
        #expect(ISODate.parse("2023-05-08T15:56:10+02:00")?.timeIntervalSince1970 == t1356s10)
        #expect(ISODate.parse("2023-02-30") == nil)
        #expect(ISODate.parse("2023-05-08T25:00") == nil)
        #expect(ISODate.parse("8 May 2023") == nil)
    }
}

@Suite struct RetrievalEvaluationTests {
    let items = """
        {"conv_id": "a", "item_id": "1", "text": "Alice: I adopted a cat named Tom", "session": 1}
        {"conv_id": "a", "item_id": "2", "text": "Bob: lovely!", "session": 1}
        {"conv_id": "b", "item_id": "1", "text": "Carol: my garden has tomatoes", "session": 1}
        """
    let queries = """
        {"qid": "q1", "conv_id": "a", "question": "What is the cat called?", "evidence_ids": ["1"], "category": 4}
        {"qid": "q2", "conv_id": "b", "question": "What grows in the garden?", "evidence_ids": ["1"], "category": 1}
        {"qid": "q3", "conv_id": "b", "question": "Trick?", "evidence_ids": ["1"], "category": 5}
        """

    @Test func eachGroupIsItsOwnMemory() throws {
        let rankings = try RetrievalEvaluation().rank(items: EvaluationItem.parseLines(Data(items.utf8)),
                                                      queries: EvaluationQuery.parseLines(Data(queries.utf8)), k: 5)
        #expect(rankings.map(\.qid) == ["q1", "q2", "q3"])
        #expect(rankings[0].rankedIDs == ["1", "2"])
        #expect(rankings[1].rankedIDs == ["1"])
    }

    @Test func rankingsRoundTripThroughJSONLines() throws {
        let text = String(decoding: try RetrievalEvaluation.jsonLines([("q1", ["a", "b"])]), as: UTF8.self)
        #expect(text == #"{"qid":"q1","ranked_ids":["a","b"]}"# + "\n")
        #expect(try RetrievalEvaluation.parseRankings(Data(text.utf8)) == ["q1": ["a", "b"]])
    }

    @Test func questionOfAnUnknownGroupIsAnError() throws {
        let q = try EvaluationQuery.parseLines(Data(#"{"qid": "x", "conv_id": "zzz", "question": "?"}"#.utf8))
        #expect(throws: MemoryError.invalidArgument("question 'x': its group 'zzz' has no items")) {
            try RetrievalEvaluation().rank(items: EvaluationItem.parseLines(Data(items.utf8)), queries: q, k: 5)
        }
    }

    @Test func recallCountsEvidenceInTopKAndKeepsCategory5Apart() throws {
        let qs = try EvaluationQuery.parseLines(Data(queries.utf8))
        let report = RecallReport(queries: qs, rankings: ["q1": ["2", "9", "9", "9", "9", "1"], "q2": ["1"], "q3": []])
        #expect(report.overall.questions == 2)
        #expect(report.overall.recall == [0.5, 0.5, 1.0, 1.0])  // q1 finds "1" at rank 6, q2 at rank 1
        #expect(report.byCategory.map(\.name) == ["category 1", "category 4", "category 5"])
        #expect(report.byCategory[2].recall == [0, 0, 0, 0])
    }
}
