import Foundation
import Testing
@testable import WorkingMemory

/// How a memory is cut down to the part a query is about, in the memories section of a context.
@Suite struct MemoryExcerptTests {
    static let analyser = TextAnalyzer()

    static func excerpt(_ text: String, _ query: String) -> String {
        MemoryExcerpt.excerpt(text, queryTerms: Set(analyser.terms(query)), terms: analyser.terms)
    }

    @Test func onlyTheSentencesThatShareAWordWithTheQueryAreShown() {
        let text = "We moved last spring. My sister Ana lives in Porto now! The weather was awful."
        #expect(Self.excerpt(text, "Where does Ana live?") == "… My sister Ana lives in Porto now! …")
    }

    @Test func aMemoryWhoseSentencesTheQueryAllCuesIsShownWhole() {
        let text = "Ana lives in Porto. Ana loves Porto."
        #expect(Self.excerpt(text, "Ana Porto") == text)
    }

    @Test func aMemoryTheQueryCuesByNoWordIsShownWhole() {
        let text = "We moved last spring. The weather was awful."
        #expect(Self.excerpt(text, "Where does Ana live?") == text)
    }

    @Test func aMemoryOfSeveralLinesIsShownWhole() {
        let text = "Shopping list.\nAna wants figs.\nBread."
        #expect(Self.excerpt(text, "what does Ana want") == text)
    }

    @Test func aSharedPhotoIsASentenceOfItsOwn() {
        #expect(MemoryExcerpt.sentences("Look at this! [shares a photo: a dog on a beach]") == ["Look at this!", "[shares a photo: a dog on a beach]"])
        #expect(Self.excerpt("Look at this! [shares a photo: a dog on a beach]", "what dog") == "… [shares a photo: a dog on a beach]")
    }

    @Test func chineseSentencesEndAtTheirOwnFullStops() {
        #expect(MemoryExcerpt.sentences("我下周去上海。你呢？") == ["我下周去上海。", "你呢？"])
    }

    @Test func theContextShowsTheExcerptAndStillNamesTheItem() throws {
        let s = try MemorySession.begin(try Namespace(session: "excerpt"), in: try MemoryStore.inMemory(), .empty)
        try s.add("We moved last spring. My sister Ana lives in Porto now! The weather was awful.", pinned: true)
        for i in 0..<6 { try s.receive(MemoryEvent(.user, "Unrelated chatter number \(i) about lamps and jazz.")) }
        let c = try s.context(for: "Where does Ana live?", budget: 200)
        let line = try #require(c.section(.memories).lines.first)
        #expect(line.text.hasSuffix("… My sister Ana lives in Porto now! …"))
        #expect(line.itemID == 1)
    }
}
