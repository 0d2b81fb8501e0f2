import Testing
@testable import WorkingMemory

@Suite struct AnswerF1Tests {
    @Test func casePunctuationArticlesAndInflectionDoNotCount() {
        #expect(AnswerF1.tokenF1("The Porto museums.", "porto museum") == 1)
        #expect(AnswerF1.tokens("A walk, and the dogs!") == ["walk", "dog"])
    }

    @Test func partialOverlapIsTheHarmonicMeanOfPrecisionAndRecall() {
        // prediction {7, may, 2023, morning} vs gold {7, may, 2023}: precision 3/4, recall 1 -> 6/7.
        #expect(abs(AnswerF1.tokenF1("7 May 2023 morning", "7 May 2023") - 6.0 / 7.0) < 1e-12)
        #expect(AnswerF1.tokenF1("Lisbon", "Porto") == 0)
    }

    @Test func multiHopAnswersAverageTheBestMatchOfEachGoldPart() {
        // gold parts: "pottery" (matched), "camping" (not): 0.5.
        #expect(AnswerF1.score("pottery, painting", gold: "pottery, camping", category: 1) == 0.5)
    }

    @Test func openDomainAnswersKeepThePartBeforeASemicolon() {
        #expect(AnswerF1.score("likely yes", gold: "Likely yes; she mentioned it twice", category: 3) == 1)
    }
}

/// Answers with whatever follows "Porto" in its prompt, to see which prompts held the evidence.
struct ReadingModel: LanguageModel {
    func complete(_ messages: [ChatMessage]) async throws -> String {
        messages.map(\.content).joined(separator: "\n").contains("married in Porto") ? "Porto" : "I do not know"
    }
}

@Suite struct DialogueAnswerTests {
    @Test func theModelAnswersFromTheMemoryPromptAndTheWholeConversationButNotFromTheLastTurns() async throws {
        let (items, queries) = DialogueEvaluationTests.conversation()
        let rows = try await DialogueEvaluation().answer(items: items, queries: queries, answers: ["q1": "Porto", "q2": "n/a"], model: ReadingModel(),
                                                         budget: 200, contextLimit: 100_000, perCategory: 5)
        #expect(rows.map(\.strategy) == ["memory", "last turns", "whole conversation"])
        #expect(rows.map(\.f1) == [1, 0, 1])
        #expect(rows.map(\.asked) == [1, 1, 1])
        #expect(rows[0].meanTokens <= 200 && rows[1].meanTokens <= 200)
    }

    @Test func aWholeConversationOverTheModelsContextIsNotSent() async throws {
        let (items, queries) = DialogueEvaluationTests.conversation()
        let rows = try await DialogueEvaluation().answer(items: items, queries: queries, answers: ["q1": "Porto"], model: ReadingModel(),
                                                         budget: 200, contextLimit: 300, perCategory: 5)
        let whole = try #require(rows.first { $0.strategy == "whole conversation" })
        #expect(whole.asked == 0)
        #expect(whole.tooLong == 1)
    }
}
