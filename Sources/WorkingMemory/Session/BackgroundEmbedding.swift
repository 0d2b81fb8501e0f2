/// Embeds a session's items off the `receive()` path: `receive` commits an item at once and returns; this
/// works through the items that have no vector of the embedder's model for their current text, a batch at a
/// time, and stores the vectors with the items (`MemoryStore.saveVectors`). An item forgotten meanwhile is
/// skipped (its vector is not stored); a memory moved to another model drops the old model's vectors first.
public struct BackgroundEmbedding: Sendable {
    public let session: MemorySession
    public let embedder: any TextEmbedder
    /// Items per call of the embedder.
    public var batchSize: Int

    public init(session: MemorySession, embedder: any TextEmbedder, batchSize: Int = 32) {
        self.session = session
        self.embedder = embedder
        self.batchSize = max(1, batchSize)
    }

    /// Embeds every item still without a vector; returns how many were embedded.
    /// - Throws: what the embedder throws (the items stay without vectors and are tried again next time),
    ///   `MemoryError.invalidArgument` when it returns vectors of the wrong number or length.
    @discardableResult
    public func catchUp() async throws -> Int {
        let store = session.store, row = session.read { session.state.row }
        let model = embedder.modelName, d = embedder.dimension
        try store.deleteVectors(session: row, exceptModel: model)
        var done = 0
        while true {
            let pending = try store.itemsWithoutVector(session: row, model: model, limit: batchSize)
            if pending.isEmpty { return done }
            let vectors = try await embedder.embed(pending.map(\.text))
            guard vectors.count == pending.count else {
                throw MemoryError.invalidArgument("the embedder \(model) returned \(vectors.count) vectors for \(pending.count) texts")
            }
            try store.saveVectors(session: row, model: model, dimension: d, zip(pending, vectors).map { item, v in
                MemoryStore.StoredVector(itemID: item.id, textFingerprint: MemoryStore.fingerprint(item.text), vector: v)
            })
            done += pending.count
            if pending.count < batchSize { return done }
        }
    }
}
