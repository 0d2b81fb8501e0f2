/// Turns the bytes of a `text/event-stream` body into events, whatever the byte boundaries of the pieces it is
/// fed: lines are cut at CR LF, LF or CR (a CR at the end of one piece and the LF at the start of the next are
/// one line end), and decoded as UTF-8 only once whole, so a character split between pieces arrives intact.
///
/// Follows the WHATWG "event stream interpretation" (https://html.spec.whatwg.org/multipage/server-sent-events.html):
/// `data:` lines accumulate, a blank line dispatches, lines starting with `:` are comments (keep-alives), one
/// space after the colon is dropped, unknown fields are ignored. One addition: llama.cpp servers before
/// September 2025 reported failures as a non-standard `error:` field (llama.cpp pull 16109); it is read as an
/// event named `error`, so the failure is not lost.
public struct ServerSentEventParser: Sendable {
    private var line: [UInt8] = []
    private var lastWasCR = false
    private var atStart = true
    private var data: [String] = []
    private var event: String?

    public init() {}

    /// Feeds the next piece of the body; returns the events it completed.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        var out: [ServerSentEvent] = []
        for byte in bytes {
            if lastWasCR {
                lastWasCR = false
                if byte == 0x0A { continue }  // the LF of a CR LF
            }
            switch byte {
            case 0x0A: endLine(&out)
            case 0x0D: endLine(&out); lastWasCR = true
            default: line.append(byte)
            }
        }
        return out
    }

    /// The body ended: a last event without its blank line is still delivered (llama.cpp ends with
    /// `data: [DONE]` and no blank line in some builds).
    public mutating func finish() -> [ServerSentEvent] {
        var out: [ServerSentEvent] = []
        if !line.isEmpty { endLine(&out) }
        dispatch(&out)
        return out
    }

    private mutating func endLine(_ out: inout [ServerSentEvent]) {
        var text = String(decoding: line, as: UTF8.self)
        line.removeAll(keepingCapacity: true)
        if atStart {
            atStart = false
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }  // a byte order mark may open the stream
        }
        if text.isEmpty { dispatch(&out); return }
        if text.hasPrefix(":") { return }
        let field: Substring, value: Substring
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            var v = text[text.index(after: colon)...]
            if v.hasPrefix(" ") { v = v.dropFirst() }
            value = v
        } else {
            field = text[...]
            value = ""
        }
        switch field {
        case "data": data.append(String(value))
        case "event": event = String(value)
        case "error": event = "error"; data.append(String(value))
        default: break  // id, retry: a client that does not reconnect has no use for them
        }
    }

    private mutating func dispatch(_ out: inout [ServerSentEvent]) {
        defer { data.removeAll(); event = nil }
        if data.isEmpty { return }  // per the spec, an event with no data is not dispatched
        out.append(ServerSentEvent(event: event, data: data.joined(separator: "\n")))
    }
}
