/// A memory the output gate considered for a context and left out, and why.
public struct LeftOutMemory: Sendable, Codable, Equatable {
    public var itemID: Int64
    /// The output gate's score for it.
    public var score: Double
    /// Why it is not in the context ("over the token budget", "redundant with a chosen memory ...").
    public var reason: String
}
