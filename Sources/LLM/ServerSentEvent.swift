/// One server-sent event: the `data` lines joined by newlines, and the `event` name if one was given.
public struct ServerSentEvent: Sendable, Equatable {
    public var event: String?
    public var data: String

    public init(event: String? = nil, data: String) {
        self.event = event
        self.data = data
    }
}
