/// How long a call may take, in seconds. Each is a separate failure with its own message.
public struct LLMTimeouts: Sendable, Equatable {
    /// Opening the TCP (and TLS) connection.
    public var connect: Double
    /// From sending the request to the first byte of the answer; also the longest silence between two pieces of
    /// a streamed answer (a local model may think for a while before it writes).
    public var firstByte: Double
    /// The whole call, retries and their waits included.
    public var total: Double

    public init(connect: Double = 5, firstByte: Double = 120, total: Double = 600) {
        self.connect = connect
        self.firstByte = firstByte
        self.total = total
    }

    func validate() throws {
        for (name, value) in [("connect", connect), ("first-byte", firstByte), ("total", total)] where !(value > 0 && value.isFinite) {
            throw LLMError.configuration("the \(name) timeout must be a positive number of seconds (got \(value))")
        }
    }
}
