import Foundation

/// The episodic buffer / short-term store (Baddeley 2000): every admitted item, bound into episodes and indexed
/// for search through a `MemoryIndex` (the retrieval component). Nothing leaves it unless a caller deletes it;
/// faded items stay, searchable.
public struct EpisodicStore {
    public private(set) var items: [Int64: MemoryItem] = [:]
    /// Item ids in admission order (the forget sweep walks this).
    public private(set) var order: [Int64] = []
    /// Normalised text -> item, for exact-repeat detection in O(1).
    private var exact: [String: Int64] = [:]
    /// The forget-gate state of each item, indexed by id (ids are dense): the ranking asks the strength of
    /// thousands of candidates per query, and reading it here copies no item.
    private(set) var cells: [ItemCell?] = []
    /// Received event -> the item made of it.
    private var itemOfEvent: [Int64: Int64] = [:]
    /// Analysed terms of items, filled when they are first compared (diversity in the output gate).
    var termCache: [Int64: TermSet] = [:]
    let index: any MemoryIndex

    init(index: any MemoryIndex) { self.index = index }

    public var count: Int { items.count }
    public subscript(id: Int64) -> MemoryItem? { items[id] }

    /// The item whose normalised text equals this one, if any.
    func exactRepeat(of text: String) -> Int64? { exact[Self.normalise(text)] }

    mutating func insert(_ item: MemoryItem, indexing: Bool = true) {
        items[item.id] = item
        setCell(item)
        if let e = item.eventSeq { itemOfEvent[e] = item.id }
        order.append(item.id)
        exact[Self.normalise(item.text)] = item.id
        if indexing { index.add([Self.document(item)]) }
    }

    /// Inserts many items and indexes them in one call (bulk ingestion, restore).
    mutating func insert(contentsOf batch: [MemoryItem]) {
        for item in batch { insert(item, indexing: false) }
        index.add(batch.map(Self.document))
    }

    mutating func update(_ item: MemoryItem) {
        guard let old = items[item.id] else { return }
        if old.text != item.text {
            exact[Self.normalise(old.text)] = nil
            exact[Self.normalise(item.text)] = item.id
            index.remove(id: item.id)
            index.add([Self.document(item)])
        }
        if old.text != item.text { termCache[item.id] = nil }
        items[item.id] = item
        setCell(item)
    }

    mutating func setCell(_ item: MemoryItem) {
        let i = Int(item.id)
        guard i >= 0 else { return }
        if i >= cells.count { cells.append(contentsOf: repeatElement(nil, count: i - cells.count + 1)) }
        cells[i] = ItemCell(item)
    }

    /// The item made of a received event, if any.
    func item(ofEvent seq: Int64) -> Int64? { itemOfEvent[seq] }

    func cell(_ id: Int64) -> ItemCell? {
        let i = Int(id)
        return i >= 0 && i < cells.count ? cells[i] : nil
    }

    mutating func remove(_ id: Int64) {
        guard let old = items.removeValue(forKey: id) else { return }
        if exact[Self.normalise(old.text)] == id { exact[Self.normalise(old.text)] = nil }
        if let e = old.eventSeq, itemOfEvent[e] == id { itemOfEvent[e] = nil }
        if let i = order.firstIndex(of: id) { order.remove(at: i) }
        if Int(id) < cells.count { cells[Int(id)] = nil }
        termCache[id] = nil
        index.remove(id: id)
    }

    mutating func removeAll() {
        for id in order { index.remove(id: id) }
        items.removeAll(); order.removeAll(); exact.removeAll(); cells.removeAll(); termCache.removeAll(); itemOfEvent.removeAll()
    }

    static func document(_ item: MemoryItem) -> IndexedDocument {
        let text = item.speaker.map { "\($0): \(item.text)" } ?? item.text
        return IndexedDocument(id: item.id, text: text, date: item.time, speaker: item.speaker,
                               episode: item.episode, order: Int(item.id))
    }

    /// Lower-case, whitespace collapsed: what counts as "the same words".
    static func normalise(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
