import Foundation
import LLM
import WorkingMemory

/// A caller's chat completion request as the proxy reads it: the new user message (what the memory receives and
/// assembles the context for), the caller's system messages (kept), what follows the user message in this turn
/// (an assistant's tool calls and their results, kept), and every other field, passed on untouched.
struct ProxyChatRequest: Sendable {
    /// The request's JSON object, as sent.
    var body: [String: JSONValue]
    /// The text of the caller's system (or developer) messages, in order.
    var systemTexts: [String]
    /// The role of the caller's first system message (`system` or `developer`), reused for the merged one.
    var systemRole: String
    /// The last user message, as sent (content parts and all), and its text.
    var userMessage: JSONValue
    var userText: String
    /// Messages after the last user message: a tool round of the same turn (the user message was received by the
    /// request that started it).
    var tail: [JSONValue]
    /// Whether the caller asked for a stream, and for its usage chunk.
    var stream: Bool
    var includeUsage: Bool

    /// Whether this request starts a turn (its last message is the user's) rather than continuing one.
    var startsTurn: Bool { tail.isEmpty }

    /// - Throws: `ProxyError` (400) naming what is wrong; nothing has been stored.
    init(json data: Data) throws {
        let value: JSONValue
        do { value = try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw ProxyError.invalid("the body is not JSON: \(JSONErrorText.describe(error))", code: "invalid_json")
        }
        guard case .object(let body) = value else { throw ProxyError.invalid("the body must be a JSON object", code: "invalid_json") }
        guard case .array(let messages)? = body["messages"] else {
            throw ProxyError.invalid("'messages' is missing or not an array", param: "messages")
        }
        var systemTexts: [String] = [], systemRole: String?, lastUser: Int?
        for (i, message) in messages.enumerated() {
            guard case .string(let role)? = message["role"] else {
                throw ProxyError.invalid("'messages[\(i)]' has no 'role'", param: "messages[\(i)].role")
            }
            switch role {
            case "system", "developer":
                systemTexts.append(Self.text(of: message["content"]))
                if systemRole == nil { systemRole = role }
            case "user": lastUser = i
            case "assistant", "tool", "function": break
            default: throw ProxyError.invalid("'messages[\(i)].role' is '\(role)'; use system, developer, user, assistant or tool", param: "messages[\(i)].role")
            }
        }
        guard let lastUser else {
            throw ProxyError.invalid("'messages' holds no user message; the proxy answers (and remembers) the user's latest message", param: "messages")
        }
        let text = Self.text(of: messages[lastUser]["content"]).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            throw ProxyError.invalid("the last user message ('messages[\(lastUser)]') has no text; the memory keeps and retrieves text", param: "messages[\(lastUser)].content")
        }
        if case .bool(let s)? = body["stream"] { stream = s } else { stream = false }
        if case .bool(true)? = body["stream_options"]?["include_usage"] { includeUsage = true } else { includeUsage = false }
        self.body = body
        self.systemTexts = systemTexts.filter { !$0.isEmpty }
        self.systemRole = systemRole ?? "system"
        userMessage = messages[lastUser]
        userText = text
        tail = Array(messages[(lastUser + 1)...]).filter {
            if case .string(let role)? = $0["role"] { role != "system" && role != "developer" } else { true }
        }
    }

    /// A message's text: its content string, or the text parts of a content array joined by line breaks.
    static func text(of content: JSONValue?) -> String {
        switch content {
        case .string(let s)?: return s
        case .array(let parts)?:
            return parts.compactMap { part -> String? in
                if case .string(let s) = part { return s }
                if case .string("text")? = part["type"], case .string(let s)? = part["text"] { return s }
                return nil
            }.joined(separator: "\n")
        default: return ""
        }
    }

    /// The body for the upstream: the same fields, with `messages` replaced by one system message (the caller's
    /// system text, then the memory's), the memory's recent turns, the caller's user message as sent, and the tail.
    func upstreamBody(context: [ChatMessage]) -> [String: JSONValue] {
        let memorySystem = context.filter { $0.role == .system }.map(\.content)
        var turns = context.filter { $0.role != .system }
        // The assembled context ends with the query as a user message: the caller's own message takes its place.
        if turns.last?.role == .user { turns.removeLast() }
        // A tool round continues a turn whose user message the memory already holds: it is not sent twice.
        if !startsTurn { turns.removeAll { $0.role == .user && $0.content.trimmingCharacters(in: .whitespacesAndNewlines) == userText } }
        var messages: [JSONValue] = []
        let system = (systemTexts + memorySystem).joined(separator: "\n\n")
        if !system.isEmpty { messages.append(.object(["role": .string(systemRole), "content": .string(system)])) }
        messages += turns.map { .object(["role": .string($0.role.rawValue), "content": .string($0.content)]) }
        messages.append(userMessage)
        messages += tail
        var body = body
        body["messages"] = .array(messages)
        return body
    }
}
