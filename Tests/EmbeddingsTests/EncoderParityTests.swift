import Foundation
import Testing
@testable import Embeddings

/// all-MiniLM-L6-v2 against sentence-transformers on hard texts (fixture from
/// scripts/fixtures/make_encoder_fixtures.py): the same token ids, the same vectors.
@Suite struct EncoderParityTests {
    @Test(.enabled(if: installedEncoder != nil, Comment(rawValue: modelAbsent)))
    func tokenIDsEqualTheModelsOwnTokenizer() throws {
        let encoder = try #require(installedEncoder)
        let f = try ParityFixture.load()
        #expect(encoder.maxSequenceLength == f.max_seq_length)
        for (text, ids) in zip(f.texts, f.ids) {
            let ours = encoder.tokenIDs(text)
            #expect(ours == ids, "token ids differ for \(text.debugDescription.prefix(60))")
        }
    }

    @Test(.enabled(if: installedEncoder != nil, Comment(rawValue: modelAbsent)))
    func vectorsMatchSentenceTransformersToCosine09999() throws {
        let encoder = try #require(installedEncoder)
        let f = try ParityFixture.load()
        let ours = try encoder.embed(f.texts, batchSize: 8)
        let d = encoder.dimension
        #expect(d == f.embeddings[0].count)
        var worst: Float = 1
        for (i, want) in f.embeddings.enumerated() {
            let got = Array(ours.scalars[(i * d)..<((i + 1) * d)])
            let c = cosine(got, want)
            worst = min(worst, c)
            #expect(c >= 0.9999, "cosine \(c) for \(f.texts[i].debugDescription.prefix(60))")
        }
        print("encoder parity: \(f.texts.count) texts, lowest cosine \(worst)")
    }

    @Test(.enabled(if: installedEncoder != nil, Comment(rawValue: modelAbsent)))
    func aTextsVectorDoesNotDependOnItsBatch() throws {
        let encoder = try #require(installedEncoder)
        let texts = ["my dog", "a much longer sentence about the puppy we adopted last year in Munich", ""]
        let together = try encoder.embed(texts)
        let alone = try encoder.embed([texts[1]])
        let d = encoder.dimension
        #expect(cosine(Array(together.scalars[d..<(2 * d)]), alone.scalars) > 0.99999)
    }

    @Test(.enabled(if: installedEncoder != nil, Comment(rawValue: modelAbsent)))
    func aParaphraseIsNearerThanAnUnrelatedSentence() throws {
        let encoder = try #require(installedEncoder)
        let v = try encoder.embed(["my dog", "the puppy", "the stock market fell sharply"])
        let d = encoder.dimension
        let row = { (i: Int) in Array(v.scalars[(i * d)..<((i + 1) * d)]) }
        #expect(cosine(row(0), row(1)) > cosine(row(0), row(2)) + 0.2)
    }
}
