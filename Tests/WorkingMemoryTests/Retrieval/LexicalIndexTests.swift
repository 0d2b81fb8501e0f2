import Testing
@testable import WorkingMemory

/// BM25 against values computed by hand (k1 = 1.2, b = 0.75, Lucene idf):
/// corpus d1 = [a b], d2 = [a a c], d3 = [c]; N = 3, avgdl = 2.
@Suite struct LexicalIndexTests {
    func corpus() throws -> LexicalIndex {
        var index = LexicalIndex()
        try index.add(id: "d1", terms: ["a", "b"])
        try index.add(id: "d2", terms: ["a", "a", "c"])
        try index.add(id: "d3", terms: ["c"])
        return index
    }

    @Test func bm25MatchesHandComputedScores() throws {
        let index = try corpus()
        // idf(a) = ln(1 + 1.5/2.5) = 0.4700036; d1: tf 1, |d| 2 -> idf * 2.2 / (1 + 1.2) = 0.4700036
        #expect(abs(index.score(["a"], id: "d1") - 0.4700036) < 1e-6)
        // d2: tf 2, |d| 3 -> idf * 4.4 / (2 + 1.2 * (0.25 + 0.75 * 1.5)) = 0.5665798
        #expect(abs(index.score(["a"], id: "d2") - 0.5665798) < 1e-6)
        #expect(index.score(["a"], id: "d3") == 0)
        #expect(index.averageLength == 2)
    }

    @Test func searchRanksByScoreAndLeavesOutNonMatches() throws {
        let hits = try corpus().search(["a"], limit: 10)
        #expect(hits.map(\.id) == ["d2", "d1"])
    }

    @Test func repeatedQueryTermCountsTwice() throws {
        let index = try corpus()
        #expect(abs(index.score(["a", "a"], id: "d1") - 2 * 0.4700036) < 1e-6)
    }

    @Test func removalUpdatesStatistics() throws {
        var index = try corpus()
        let removed = index.remove(id: "d3"), again = index.remove(id: "d3")
        #expect(removed && !again)
        #expect(index.count == 2)
        // N = 2, avgdl = 2.5, df(c) = 1: idf = ln 2; d2: 2.2 / (1 + 1.2 * (0.25 + 0.75 * 3 / 2.5)) -> 0.6407243
        #expect(abs(index.score(["c"], id: "d2") - 0.6407243) < 1e-6)
        #expect(index.search(["c"], limit: 5).map(\.id) == ["d2"])
    }

    @Test func duplicateIdIsRejectedAndNothingChanges() throws {
        var index = try corpus()
        #expect(throws: MemoryError.self) { try index.add(id: "d1", terms: ["z"]) }
        #expect(index.count == 3)
        #expect(index.documentFrequency(of: "z") == 0)
    }

    @Test func appendAndSubtractAreInverse() throws {
        var index = try corpus()
        let before = index.score(["b", "c"], id: "d1")
        try index.append(terms: ["c", "c"], to: "d1")
        #expect(index.length(atSlot: 0) == 4)
        #expect(index.documentFrequency(of: "c") == 3)
        try index.subtract(terms: ["c", "c"], from: "d1")
        #expect(index.documentFrequency(of: "c") == 2)
        #expect(abs(index.score(["b", "c"], id: "d1") - before) < 1e-9)
    }

    @Test func manyRemovalsCompactWithoutChangingScores() throws {
        var index = LexicalIndex()
        for i in 0..<3000 { try index.add(id: "n\(i)", terms: ["noise", "x\(i % 7)"]) }
        try index.add(id: "keep", terms: ["signal", "noise"])
        let expected = index.search(["signal"], limit: 1)
        for i in 0..<3000 where i % 3 != 0 { index.remove(id: "n\(i)") }
        #expect(index.count == 1001)
        #expect(index.search(["signal"], limit: 1).map(\.id) == expected.map(\.id))
        #expect(index.search(["noise"], limit: 2000).count == 1001)
    }
}
