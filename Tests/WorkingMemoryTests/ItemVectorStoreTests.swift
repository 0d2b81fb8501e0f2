import Foundation
import Testing
@testable import WorkingMemory

/// Item vectors in SQLite: stored with their model and text, gone with their item, stale when the text
/// changes, replaced when the model changes.
@Suite struct ItemVectorStoreTests {
    static let model = "test/model"

    func vector(_ x: Float) -> [Float] { [x, 1 - x, 0.5] }

    @Test func vectorsSurviveReopeningTheStore() throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        let (row, id): (Int64, Int64)
        do {
            let session = try MemorySession.begin(try namespace(), in: try MemoryStore(path: path), .empty)
            let item = try session.add("My sister Ana lives in Porto.")
            (row, id) = (session.state.row, item.id)
            try session.store.saveVectors(session: row, model: Self.model, dimension: 3,
                                          [.init(itemID: id, textFingerprint: MemoryStore.fingerprint(item.text), vector: vector(0.25))])
        }
        let stored = try MemoryStore(path: path).vectors(session: row, model: Self.model)
        #expect(stored[id]?.vector == vector(0.25))
    }

    @Test func onlyItemsWithoutAVectorOfTheirCurrentTextAreLeftToEmbed() throws {
        let session = try MemorySession.begin(try namespace(), in: try MemoryStore.inMemory(), .empty)
        let a = try session.add("first"), b = try session.add("second")
        let row = session.state.row
        #expect(try session.store.itemsWithoutVector(session: row, model: Self.model).map(\.id) == [a.id, b.id])
        try session.store.saveVectors(session: row, model: Self.model, dimension: 3,
                                      [.init(itemID: a.id, textFingerprint: MemoryStore.fingerprint("first"), vector: vector(1))])
        #expect(try session.store.itemsWithoutVector(session: row, model: Self.model).map(\.id) == [b.id])
        _ = try session.modify(a.id, text: "first, changed")
        #expect(try session.store.itemsWithoutVector(session: row, model: Self.model).map(\.id) == [a.id, b.id])
    }

    @Test func forgettingAnItemDeletesItsVector() throws {
        let session = try MemorySession.begin(try namespace(), in: try MemoryStore.inMemory(), .empty)
        let a = try session.add("a secret")
        let row = session.state.row
        try session.store.saveVectors(session: row, model: Self.model, dimension: 3,
                                      [.init(itemID: a.id, textFingerprint: MemoryStore.fingerprint(a.text), vector: vector(1))])
        _ = try session.forget(.items([a.id]))
        #expect(try session.store.vectors(session: row, model: Self.model).isEmpty)
    }

    @Test func anotherModelsVectorsDoNotCountAndAreDeletedOnChange() throws {
        let session = try MemorySession.begin(try namespace(), in: try MemoryStore.inMemory(), .empty)
        let a = try session.add("text")
        let row = session.state.row
        try session.store.saveVectors(session: row, model: "old/model", dimension: 3,
                                      [.init(itemID: a.id, textFingerprint: MemoryStore.fingerprint(a.text), vector: vector(1))])
        #expect(try session.store.itemsWithoutVector(session: row, model: Self.model).map(\.id) == [a.id])
        #expect(try session.store.deleteVectors(session: row, exceptModel: Self.model) == 1)
        #expect(try session.store.vectors(session: row, model: "old/model").isEmpty)
    }

    @Test func aVectorOfTheWrongLengthOrWithNaNIsRefusedAndNothingIsStored() throws {
        let session = try MemorySession.begin(try namespace(), in: try MemoryStore.inMemory(), .empty)
        let a = try session.add("text"), b = try session.add("more")
        let row = session.state.row
        let good = MemoryStore.StoredVector(itemID: a.id, textFingerprint: 1, vector: vector(1))
        #expect(throws: MemoryError.self) {
            try session.store.saveVectors(session: row, model: Self.model, dimension: 3, [good, .init(itemID: b.id, textFingerprint: 1, vector: [1, 2])])
        }
        #expect(throws: MemoryError.self) {
            try session.store.saveVectors(session: row, model: Self.model, dimension: 3, [good, .init(itemID: b.id, textFingerprint: 1, vector: [.nan, 0, 0])])
        }
        #expect(try session.store.vectors(session: row, model: Self.model).isEmpty)
    }
}
