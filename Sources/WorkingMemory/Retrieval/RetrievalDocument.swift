import Foundation

/// One memory item as the ``Retriever`` sees it.
public struct RetrievalDocument: Sendable, Equatable {
    /// Unique id of the item (the memory's item id).
    public var id: String
    /// Its text, analyzed with the retriever's ``TextAnalyzer``.
    public var text: String
    /// When it happened or was said; used by time cues and recency.
    public var date: Date?
    /// Who said it; a question that names the speaker favours their items.
    public var speaker: String?
    /// The episode (session, conversation thread, task) it belongs to; items of one episode are
    /// scored together with their neighbours (episode binding).
    public var episode: String?
    /// Ingestion order; nil means after everything added so far.
    public var order: Int?

    /// - Parameters:
    ///   - id: unique item id.
    ///   - text: the item's text.
    ///   - date: when it happened (optional).
    ///   - speaker: who said it (optional).
    ///   - episode: its episode key (optional).
    ///   - order: ingestion order (optional; default: next).
    public init(id: String, text: String, date: Date? = nil, speaker: String? = nil, episode: String? = nil, order: Int? = nil) {
        self.id = id
        self.text = text
        self.date = date
        self.speaker = speaker
        self.episode = episode
        self.order = order
    }
}
