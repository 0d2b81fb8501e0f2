import Foundation
import GRDB

/// Item vectors (table `item_vectors`, migration `v6-item-vectors`): one vector per item and session, with
/// the model that made it, its dimension and a fingerprint of the text it was made from. A vector of another
/// model, or of a text that has changed since, does not count: the item is embedded again.
/// The vectors live in the SQLite backend only for now; on PostgreSQL these calls fail with a storage error and
/// the memory ranks lexically (vectors there are stored as `real[]` once that backend has the table).
extension MemoryStore {
    /// A write transaction on the SQLite file through GRDB itself.
    func sqliteWrite<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        guard let sqlite = backend as? SQLiteBackend else { throw MemoryError.storage("\(what): item vectors are kept in SQLite stores only") }
        let result = try sqlite.guarded(what) { try sqlite.writer.write(body) }
        sqlite.checkpointer?.committed()
        return result
    }

    /// A stored vector.
    public struct StoredVector: Sendable, Equatable {
        public var itemID: Int64
        /// `MemoryStore.fingerprint` of the text the vector was made from.
        public var textFingerprint: Int64
        public var vector: [Float]

        public init(itemID: Int64, textFingerprint: Int64, vector: [Float]) {
            self.itemID = itemID
            self.textFingerprint = textFingerprint
            self.vector = vector
        }
    }

    /// Stores (or replaces) vectors of one session's items made by `model`. Vectors of items deleted
    /// meanwhile are not stored (the item is gone; a forgotten item leaves no vector behind).
    /// - Throws: `MemoryError.invalidArgument` for a vector whose length is not `dimension` or that holds
    ///   NaN or infinity; `.storage` when the write fails. Nothing is stored then.
    public func saveVectors(session: Int64, model: String, dimension: Int, _ vectors: [StoredVector]) throws {
        for v in vectors {
            guard v.vector.count == dimension else {
                throw MemoryError.invalidArgument("vector of item \(v.itemID) has \(v.vector.count) numbers, not \(dimension)")
            }
            guard v.vector.allSatisfy(\.isFinite) else { throw MemoryError.invalidArgument("vector of item \(v.itemID) holds NaN or infinity") }
        }
        try sqliteWrite("store item vectors") { db in
            let insert = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO item_vectors (session, item_id, model, dimension, text_fingerprint, vector)
                SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM items WHERE session = ? AND id = ?)
                """)
            for v in vectors {
                try insert.execute(arguments: [session, v.itemID, model, dimension, v.textFingerprint, Self.blob(v.vector), session, v.itemID])
            }
        }
    }

    /// The vectors of a session's items made by `model`, by item id.
    public func vectors(session: Int64, model: String) throws -> [Int64: StoredVector] {
        try reading("read item vectors") { db in
            var out: [Int64: StoredVector] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT item_id, text_fingerprint, vector FROM item_vectors WHERE session = ? AND model = ?",
                                           arguments: [session, model])
            while let row = try rows.next() {
                let id: Int64 = row[0]
                out[id] = StoredVector(itemID: id, textFingerprint: row[1], vector: Self.floats(row[2]))
            }
            return out
        }
    }

    /// The items of a session that have no vector of `model` for their current text, oldest first:
    /// what the background embedding works through.
    public func itemsWithoutVector(session: Int64, model: String, limit: Int = Int.max) throws -> [(id: Int64, text: String)] {
        try reading("find items without vectors") { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT i.id, i.text, v.text_fingerprint FROM items i
                LEFT JOIN item_vectors v ON v.session = i.session AND v.item_id = i.id AND v.model = ?
                WHERE i.session = ? ORDER BY i.id
                """, arguments: [model, session])
            var out: [(Int64, String)] = []
            for row in rows where out.count < limit {
                let text: String = row[1]
                let stored: Int64? = row[2]
                if stored != Self.fingerprint(text) { out.append((row[0], text)) }
            }
            return out
        }
    }

    /// Deletes a session's vectors made by any model but `model` (the memory moved to another model: its
    /// items are embedded again). Returns how many were deleted.
    @discardableResult
    public func deleteVectors(session: Int64, exceptModel model: String) throws -> Int {
        try sqliteWrite("delete item vectors of other models") { db in
            try db.execute(sql: "DELETE FROM item_vectors WHERE session = ? AND model != ?", arguments: [session, model])
            return db.changesCount
        }
    }

    /// FNV-1a (64 bit) of the text's UTF-8 bytes: tells whether a vector was made from the item's current text.
    public static func fingerprint(_ text: String) -> Int64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Int64(bitPattern: h)
    }

    /// Little-endian float32 bytes.
    static func blob(_ v: [Float]) -> Data {
        var d = Data(capacity: v.count * 4)
        for x in v { withUnsafeBytes(of: x.bitPattern.littleEndian) { d.append(contentsOf: $0) } }
        return d
    }

    static func floats(_ d: Data) -> [Float] {
        d.withUnsafeBytes { raw in
            (0..<(d.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
    }
}
