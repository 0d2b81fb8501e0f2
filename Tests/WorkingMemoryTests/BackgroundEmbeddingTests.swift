import Foundation
import Testing
@testable import WorkingMemory

/// A deterministic embedder for the tests: the vector counts letters a, e, o (plus one, so none is zero),
/// and it records how many texts it was asked for per call.
final class LetterEmbedder: TextEmbedder, @unchecked Sendable {
    let modelName: String
    let dimension = 3
    private let lock = NSLock()
    private var _calls: [Int] = []
    var calls: [Int] { lock.withLock { _calls } }

    init(modelName: String = "test/letters") { self.modelName = modelName }

    func embed(_ texts: [String]) async throws -> [[Float]] {
        lock.withLock { _calls.append(texts.count) }
        return texts.map { t in ["a", "e", "o"].map { c in Float(t.filter { String($0) == c }.count + 1) } }
    }
}

@Suite struct BackgroundEmbeddingTests {
    @Test func receiveCommitsWithoutVectorsAndCatchUpEmbedsInBatches() async throws {
        let session = try MemorySession.begin(try namespace(), in: try MemoryStore.inMemory(), .empty)
        for i in 0..<5 { _ = try session.add("note number \(i) about a cat") }
        let row = session.state.row
        #expect(try session.store.vectors(session: row, model: "test/letters").isEmpty)
        let embedder = LetterEmbedder()
        let done = try await BackgroundEmbedding(session: session, embedder: embedder, batchSize: 2).catchUp()
        #expect(done == 5)
        #expect(embedder.calls == [2, 2, 1])
        #expect(try session.store.vectors(session: row, model: "test/letters").count == 5)
        #expect(try await BackgroundEmbedding(session: session, embedder: embedder).catchUp() == 0)
    }

    @Test func anotherModelEmbedsEveryItemAgain() async throws {
        let session = try MemorySession.begin(try namespace(), in: try MemoryStore.inMemory(), .empty)
        _ = try session.add("one")
        _ = try session.add("two")
        try await BackgroundEmbedding(session: session, embedder: LetterEmbedder(modelName: "old")).catchUp()
        #expect(try await BackgroundEmbedding(session: session, embedder: LetterEmbedder(modelName: "new")).catchUp() == 2)
        #expect(try session.store.vectors(session: session.state.row, model: "old").isEmpty)
    }
}
