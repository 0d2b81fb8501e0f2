/// A request the stand-in received, for tests to check what the client sent.
public struct RecordedRequest: Sendable {
    public var method: String
    public var path: String
    /// Header values by lower-cased name.
    public var headers: [String: String]
    public var body: String
    /// When it arrived (to check the waits between retries).
    public var arrival: ContinuousClock.Instant
}
