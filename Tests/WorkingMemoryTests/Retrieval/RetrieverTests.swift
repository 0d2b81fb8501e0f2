import Foundation
import Testing
@testable import WorkingMemory

@Suite struct RetrieverTests {
    func day(_ s: String) -> Date { ISO8601DateFormatter().date(from: s + "T12:00:00Z")! }

    @Test func findsChineseTextWithAChineseQuery() throws {
        var r = Retriever()
        try r.add(RetrievalDocument(id: "a", text: "我上周去了北京出差，见了客户。"))
        try r.add(RetrievalDocument(id: "b", text: "我喜欢在周末做饭和看电影。"))
        try r.add(RetrievalDocument(id: "c", text: "The meeting in Shanghai was moved to Friday."))
        #expect(r.search(RetrievalQuery("北京出差", limit: 1)).map(\.id) == ["a"])
        #expect(r.search(RetrievalQuery("周末做什么饭", limit: 1)).map(\.id) == ["b"])
    }

    @Test func mixedChineseAndEnglishMatchBothScripts() throws {
        var r = Retriever()
        try r.add(RetrievalDocument(id: "a", text: "我在学习 Swift 编程"))
        try r.add(RetrievalDocument(id: "b", text: "Learning Swift programming is fun"))
        try r.add(RetrievalDocument(id: "c", text: "我在学习做菜"))
        let ranked = r.search(RetrievalQuery("Swift 编程", limit: 3)).map(\.id)
        #expect(ranked.first == "a")
        #expect(ranked.contains("b"))
    }

    @Test func neighbourBindingLiftsTheReplyToAMatchingTurn() throws {
        var r = Retriever(configuration: RetrievalConfiguration(weights: RetrievalWeights(bm25: 1, neighbours: 1, episode: 0, speaker: 0, recency: 0, timeCue: 0, strength: 0)))
        try r.add(RetrievalDocument(id: "1", text: "What did you research last month?", episode: "s1"))
        try r.add(RetrievalDocument(id: "2", text: "Adoption agencies, for my future family.", episode: "s1"))
        try r.add(RetrievalDocument(id: "3", text: "I bought new running shoes.", episode: "s2"))
        try r.add(RetrievalDocument(id: "4", text: "Nice, running is great.", episode: "s2"))
        let ranked = r.search(RetrievalQuery("what did she research", limit: 4))
        #expect(ranked.map(\.id).prefix(2) == ["1", "2"])
        #expect(ranked[1].features.bm25 == 0)
        #expect(ranked[1].features.neighbours > 0)
        // No neighbour across episodes: item 3 gets nothing from item 2.
        #expect(ranked.first { $0.id == "3" }?.features.neighbours ?? 0 == 0)
    }

    @Test func aTurnThatOnlyBorrowsItsNeighboursScoreRanksBelowThatNeighbour() throws {
        // Default weights; the borrower is the stronger item, so only the neighbour weight keeps order.
        var r = Retriever()
        try r.add(RetrievalDocument(id: "porto", text: "My sister Ana lives in Porto.", episode: "s"))
        try r.add(RetrievalDocument(id: "weather", text: "The weather was nice today and we walked along the river.", episode: "s"))
        try r.add(RetrievalDocument(id: "bike", text: "I bought a new bicycle with twelve gears.", episode: "s"))
        let ranked = r.search(RetrievalQuery("Where does Ana live?", limit: 3, strengths: ["porto": 0.0, "weather": 1.0, "bike": 1.0]))
        #expect(ranked.first?.id == "porto")
        #expect(ranked.first { $0.id == "weather" }.map { $0.features.neighbours > 0 && $0.features.bm25 == 0 } == true)
    }

    @Test func timeCueFavoursItemsOfTheNamedDate() throws {
        var r = Retriever()
        try r.add(RetrievalDocument(id: "march", text: "We went hiking in the hills.", date: day("2023-03-14")))
        try r.add(RetrievalDocument(id: "may", text: "We went hiking by the lake.", date: day("2023-05-20")))
        try r.add(RetrievalDocument(id: "june", text: "Lunch with friends.", date: day("2023-06-02")))
        let ranked = r.search(RetrievalQuery("Where did we go hiking in May 2023?", limit: 2))
        #expect(ranked.first?.id == "may")
        #expect(ranked.first?.features.timeCue == 1)
    }

    @Test func strengthBreaksLexicalTies() throws {
        var r = Retriever()
        try r.add(RetrievalDocument(id: "a", text: "the deploy key rotates weekly"))
        try r.add(RetrievalDocument(id: "b", text: "the deploy key rotates weekly"))
        let ranked = r.search(RetrievalQuery("deploy key", limit: 2, strengths: ["b": 0.9, "a": 0.1]))
        #expect(ranked.map(\.id) == ["b", "a"])
    }

    @Test func extraSignalPlugsIntoTheFusion() throws {
        var r = Retriever()
        try r.add(RetrievalDocument(id: "a", text: "my cat is called Tom"))
        try r.add(RetrievalDocument(id: "b", text: "I have a small pet"))
        // Lexically nothing matches "animal"; a vector signal says b is closest.
        let ranked = r.search(RetrievalQuery("animal", limit: 2, signals: ["vector": ["a": 0.2, "b": 0.8]]))
        #expect(ranked.first?.id == "b")
        #expect(ranked.first?.features.extra["vector"] == 0.8)
    }

    @Test func removedItemsAreNeverReturned() throws {
        var r = Retriever()
        try r.add(RetrievalDocument(id: "a", text: "alpha beta", episode: "e"))
        try r.add(RetrievalDocument(id: "b", text: "alpha gamma", episode: "e"))
        let removed = r.remove(id: "a")
        #expect(removed)
        #expect(r.count == 1)
        #expect(r.search(RetrievalQuery("alpha beta", limit: 5)).map(\.id) == ["b"])
        try r.add(RetrievalDocument(id: "a", text: "beta again", episode: "e"))
        #expect(r.search(RetrievalQuery("beta", limit: 1)).map(\.id) == ["a"])
    }

    @Test func duplicateItemIsRejected() throws {
        var r = Retriever()
        try r.add(RetrievalDocument(id: "a", text: "x"))
        #expect(throws: MemoryError.self) { try r.add(RetrievalDocument(id: "a", text: "y")) }
        #expect(r.count == 1)
    }

    @Test func emptyMemoryAndZeroLimitReturnNothing() throws {
        var r = Retriever()
        #expect(r.search(RetrievalQuery("anything")).isEmpty)
        try r.add(RetrievalDocument(id: "a", text: "x"))
        #expect(r.search(RetrievalQuery("x", limit: 0)).isEmpty)
    }

    @Test func fewMatchesAreFilledUpToTheLimit() throws {
        var r = Retriever()
        for i in 0..<5 { try r.add(RetrievalDocument(id: "\(i)", text: "filler \(i)")) }
        try r.add(RetrievalDocument(id: "hit", text: "zebra"))
        let ranked = r.search(RetrievalQuery("zebra", limit: 4))
        #expect(ranked.count == 4)
        #expect(ranked.first?.id == "hit")
    }
}

@Suite struct RetrieverUpdateTests {
    @Test func updateReplacesTextAndKeepsEpisodePlace() throws {
        var r = Retriever()
        try r.add(contentsOf: [
            RetrievalDocument(id: "1", text: "we talked about tea", episode: "e"),
            RetrievalDocument(id: "2", text: "coffee is better", episode: "e"),
            RetrievalDocument(id: "3", text: "fine", episode: "e"),
        ])
        try r.update(RetrievalDocument(id: "2", text: "green juice is better", episode: "e"))
        #expect(r.count == 3)
        #expect(r.search(RetrievalQuery("coffee", limit: 3)).allSatisfy { $0.features.bm25 == 0 })
        let ranked = r.search(RetrievalQuery("juice", limit: 3))
        #expect(ranked.first?.id == "2")
        // Still between 1 and 3: both are its neighbours.
        #expect(ranked.filter { $0.features.neighbours > 0 }.map(\.id).sorted() == ["1", "3"])
    }

    @Test func strengthClosureIsUsedForScoredItems() throws {
        var r = Retriever()
        try r.add(RetrievalDocument(id: "a", text: "same words here"))
        try r.add(RetrievalDocument(id: "b", text: "same words here"))
        let ranked = r.search(RetrievalQuery("same words", limit: 2, strength: { $0 == "a" ? 1 : 0 }))
        #expect(ranked.map(\.id) == ["a", "b"])
        #expect(ranked[0].features.strength == 1)
    }
}

@Suite struct RetrievalScratchTests {
    func memory() throws -> Retriever {
        var r = Retriever()
        let lines = ["we planned the trip to Lisbon", "flights are booked for June", "my sister Maria joins",
                     "the hotel is near the river", "我们去北京看长城", "长城很长", "dinner was great", "Maria likes fish"]
        for (i, t) in lines.enumerated() { try r.add(RetrievalDocument(id: "\(i)", text: t, episode: "e\(i / 4)")) }
        return r
    }

    @Test func reusedScratchGivesTheSameRankingsAsFreshSearches() throws {
        let r = try memory()
        var scratch = RetrievalScratch()
        for q in ["Lisbon trip flights", "Maria", "长城", "river hotel dinner", "nothing matches zzz"] {
            let fresh = r.search(RetrievalQuery(q, limit: 5))
            let reused = r.search(RetrievalQuery(q, limit: 5), scratch: &scratch)
            #expect(fresh == reused, "query \(q)")
        }
    }

    @Test func lexicalSearchRanksByOwnBM25Only() throws {
        let r = try memory()
        var scratch = RetrievalScratch()
        let hits = r.lexicalSearch("Maria fish", limit: 3, scratch: &scratch)
        #expect(hits.map(\.id) == ["7", "2"])
        #expect(r.lexicalSearch("Maria fish", limit: 3, scratch: &scratch).map(\.id) == ["7", "2"])
    }
}

@Suite struct TimeMentionRankingTests {
    @Test func whenQuestionFavoursTheItemThatSpeaksOfATime() throws {
        var r = Retriever()
        try r.add(RetrievalDocument(id: "plain", text: "The pottery class was fun"))
        try r.add(RetrievalDocument(id: "dated", text: "I took a pottery class yesterday"))
        let when = r.search(RetrievalQuery("When did she take the pottery class?", limit: 2))
        #expect(when.first?.id == "dated")
        #expect(when.first?.features.timeMention == 1)
        // Not a "when" question: the signal is off.
        #expect(r.search(RetrievalQuery("pottery class", limit: 2)).allSatisfy { $0.features.timeMention == 0 })
    }
}

@Suite struct RetrievalConfigurationTests {
    @Test func partialJSONKeepsEveryOtherDefault() throws {
        let json = #"{"weights": {"speaker": 0}, "bm25": {"b": 0.75}, "fusion": {"reciprocalRank": {"k": 60}}}"#
        let c = try JSONDecoder().decode(RetrievalConfiguration.self, from: Data(json.utf8))
        var expected = RetrievalConfiguration()
        expected.weights.speaker = 0
        expected.bm25.b = 0.75
        expected.fusion = .reciprocalRank(k: 60)
        #expect(c == expected)
    }

    @Test func reciprocalRankFusionRanksTheLexicalMatchFirst() throws {
        var r = Retriever(configuration: RetrievalConfiguration(fusion: .reciprocalRank(k: 60)))
        try r.add(RetrievalDocument(id: "a", text: "the weather was rainy"))
        try r.add(RetrievalDocument(id: "b", text: "my violin lesson moved to Tuesday"))
        let ranked = r.search(RetrievalQuery("violin lesson", limit: 2))
        #expect(ranked.first?.id == "b")
        #expect(ranked[0].score > ranked[1].score)
    }
}
