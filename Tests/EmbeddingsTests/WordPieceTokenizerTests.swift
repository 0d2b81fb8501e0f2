import Testing
@testable import Embeddings

/// The tokenizer's rules, each on a small vocabulary (the parity test checks the real one).
@Suite struct WordPieceTokenizerTests {
    @Test func lowerCasesAndStripsAccents() throws {
        let t = try tokenizer(["cafe", "naive"])
        #expect(t.pieces("Café NAÏVE") == [5, 6])
    }

    @Test func splitsAroundPunctuationIncludingASCIISymbols() throws {
        let t = try tokenizer(["a", "b", "$", "-", "!"])
        #expect(t.pieces("a-b$!") == [5, 8, 6, 7, 9])
    }

    @Test func everyCJKIdeographIsAWordOfItsOwn() throws {
        let t = try tokenizer(["北", "京", "##京"])
        // Without splitting, 北京 would be 北 ##京.
        #expect(t.pieces("北京") == [5, 6])
    }

    @Test func dropsControlAndZeroWidthCharactersAndReadsTabsAsSpaces() throws {
        let t = try tokenizer(["ab", "cd"])
        #expect(t.pieces("a\u{200B}b\u{0000}\u{FEFF}\tc\u{7F}d") == [5, 6])
    }

    @Test func takesTheLongestPieceFirstWithContinuations() throws {
        let t = try tokenizer(["un", "unaff", "##able", "##aff", "##a"])
        #expect(t.pieces("unaffable") == [6, 7])
    }

    @Test func aWordWithoutAPieceSplitIsOneUnknown() throws {
        let t = try tokenizer(["un", "##x"])
        #expect(t.pieces("unyz un") == [t.unknownID, 5])
    }

    @Test func aWordOfMoreThanAHundredCharactersIsUnknown() throws {
        let t = try tokenizer(["a", "##a"])
        #expect(t.pieces(String(repeating: "a", count: 101)) == [t.unknownID])
        #expect(t.pieces(String(repeating: "a", count: 100)).count == 100)
    }

    @Test func encodeAddsCLSAndSEPAndCutsToTheMaximumLength() throws {
        let t = try tokenizer(["a"])
        #expect(t.encode("a a a a", maxLength: 4) == [t.classID, 5, 5, t.separatorID])
        #expect(t.encode("", maxLength: 4) == [t.classID, t.separatorID])
    }

    @Test func batchPadsToTheLongestWithAMask() throws {
        let t = try tokenizer(["a"])
        let b = t.batch(["a a", ""], maxLength: 10)
        #expect(b.ids == [[2, 5, 5, 3], [2, 3, 0, 0]])
        #expect(b.mask == [[1, 1, 1, 1], [1, 1, 0, 0]])
    }

    @Test func aVocabularyWithoutSpecialTokensIsRejected() {
        #expect(throws: EmbeddingError.self) { try WordPieceTokenizer(vocabulary: ["a", "b"]) }
    }
}
