import Testing
@testable import WorkingMemory

/// Exact top-k over normalised vectors.
@Suite struct VectorIndexTests {
    @Test func ranksByCosineWhateverTheVectorsLengths() throws {
        var index = VectorIndex(dimension: 2)
        try index.set("east", [10, 0])
        try index.set("north", [0, 0.1])
        try index.set("northeast", [3, 3])
        let hits = index.nearest(to: [1, 0.2], k: 2)
        #expect(hits.map(\.id) == ["east", "northeast"])
        #expect(abs(hits[0].similarity - 1 / Float(1.04).squareRoot()) < 1e-6)
    }

    @Test func removingAVectorKeepsTheOthersFindable() throws {
        var index = VectorIndex(dimension: 2)
        for (id, v) in [("a", [Float(1), 0]), ("b", [0, 1]), ("c", [1, 1])] { try index.set(id, v) }
        index.remove("a")
        #expect(index.count == 2)
        #expect(index.similarityByID(to: [0, 1])["b"] == 1)
        #expect(index.nearest(to: [1, 0], k: 1).map(\.id) == ["c"])
    }

    @Test func refusesAVectorOfAnotherLengthOrWithNaN() {
        var index = VectorIndex(dimension: 3)
        #expect(throws: MemoryError.self) { try index.set("x", [1, 2]) }
        #expect(throws: MemoryError.self) { try index.set("x", [1, .nan, 2]) }
    }
}
