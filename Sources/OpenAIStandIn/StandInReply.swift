/// What the stand-in answers to one request.
public enum StandInReply: Sendable {
    /// A whole answer: status, JSON (or any) body, extra headers.
    case json(status: Int, body: String, headers: [String: String] = [:])
    /// A `text/event-stream` answer written as these byte pieces, one write each, `gap` apart: a test decides
    /// where the cuts fall (inside a line, inside a UTF-8 sequence). The connection closes after the last piece.
    case stream(pieces: [[UInt8]], gap: Duration = .milliseconds(2))
    /// Waits before the status line goes out (a model thinking, or a stalled server).
    indirect case delayed(Duration, StandInReply)
    /// The demo behaviour (not a model): answers with what it was sent; see `EchoReply`.
    case echo

    /// Server-sent events for these `data` payloads, then `data: [DONE]`, as one string.
    public static func events(_ payloads: [String], done: Bool = true) -> String {
        (payloads + (done ? ["[DONE]"] : [])).map { "data: \($0)\n\n" }.joined()
    }

    /// `text` cut into pieces of `size` bytes (the last may be shorter); cuts fall wherever the bytes do.
    public static func pieces(_ text: String, size: Int) -> [[UInt8]] {
        let bytes = Array(text.utf8)
        return stride(from: 0, to: bytes.count, by: max(1, size)).map { Array(bytes[$0..<min($0 + max(1, size), bytes.count)]) }
    }
}
