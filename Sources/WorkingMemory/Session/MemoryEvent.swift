import Foundation

/// One thing that happened in a session: a user or assistant turn, a tool result, an observation.
/// It is the unit `MemorySession.receive(_:)` takes; each received event is stored in one transaction.
public struct MemoryEvent: Sendable, Codable, Equatable {
    /// Who produced the event. Maps to chat roles when the context is rendered as messages.
    public enum Role: String, Sendable, Codable, CaseIterable {
        case user, assistant, tool, observation
    }

    public var role: Role
    public var text: String
    /// When it happened (wall clock of the application, not of the database).
    public var time: Date
    /// The speaker's name when there are several (LoCoMo: "Caroline"); nil means the role.
    public var speaker: String?
    /// Free key/value data of the application (tool name, message id...). Stored unchanged.
    public var metadata: [String: String]
    /// Explicit "remember this": admits and pins the item whatever its salience.
    public var remember: Bool
    /// Episode key (a conversation session, a task). Nil: a new episode starts after a pause longer than
    /// `GateParameters.episodeGapSeconds`.
    public var episode: String?

    /// - Parameters:
    ///   - role: user, assistant, tool or observation.
    ///   - text: the words; must not be empty.
    ///   - time: when it happened (default now).
    ///   - speaker: a name, when several people speak.
    ///   - metadata: application data kept with the event.
    ///   - remember: pin the item (explicit "remember").
    ///   - episode: explicit episode key.
    public init(
        _ role: Role, _ text: String, time: Date = Date(), speaker: String? = nil,
        metadata: [String: String] = [:], remember: Bool = false, episode: String? = nil
    ) {
        self.role = role
        self.text = text
        self.time = time
        self.speaker = speaker
        self.metadata = metadata
        self.remember = remember
        self.episode = episode
    }

    /// The speaker name shown in contexts: the speaker, or the role.
    public var displaySpeaker: String { speaker ?? role.rawValue }
}
