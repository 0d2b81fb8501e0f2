/// What went wrong in a call to a model server, said so that the user knows what to do next.
public enum LLMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which limit a call ran past.
    public enum Limit: String, Sendable { case connect, firstByte = "first byte", total = "whole call" }

    /// The client was configured wrongly (no base URL, no model, a bad key, a bad timeout).
    case configuration(String)
    /// The server answered with an error status; `message`, `type` and `code` are the provider's own
    /// (`{"error": {"message", "type", "code"}}`), when it sent them. `attempts` counts the tries made.
    case http(status: Int, message: String, type: String?, code: String?, attempts: Int)
    /// An error object arrived inside a stream that had started well (HTTP 200).
    case stream(message: String, type: String?, code: String?)
    /// A limit of `LLMTimeouts` passed.
    case timeout(Limit, seconds: Double)
    /// The server could not be reached, or the connection broke.
    case connection(String)
    /// The server's answer was not the OpenAI wire format.
    case invalidResponse(String)
    /// The caller cancelled the call.
    case cancelled

    /// Whether the status is a quota exhausted for good (OpenAI's 429 `insufficient_quota`): waiting won't help.
    public var isQuotaExhausted: Bool {
        if case .http(429, _, let type, let code, _) = self { return code == "insufficient_quota" || type == "insufficient_quota" }
        return false
    }

    public var description: String {
        switch self {
        case .configuration(let m): return "LLM configuration: \(m)"
        case .http(let status, let message, _, let code, let attempts):
            let tries = attempts > 1 ? " after \(attempts) attempts" : ""
            let what = code.map { " (\($0))" } ?? ""
            let hint: String
            switch status {
            case 401, 403: hint = "; check WM_LLM_API_KEY"
            case 404: hint = "; check the base URL and the model name"
            case 429 where isQuotaExhausted: hint = "; the account's quota is used up, retrying will not help"
            case 429: hint = "; the server is rate limiting, try again later"
            default: hint = ""
            }
            return "the model server answered HTTP \(status)\(what)\(tries): \(message.isEmpty ? "(no message)" : message)\(hint)"
        case .stream(let message, _, let code): return "the model server reported an error mid-stream\(code.map { " (\($0))" } ?? ""): \(message)"
        case .timeout(let limit, let seconds): return "no answer within the \(limit.rawValue) timeout (\(Self.seconds(seconds)) s)"
        case .connection(let m): return "cannot reach the model server: \(m)"
        case .invalidResponse(let m): return "the model server's answer is not OpenAI's format: \(m)"
        case .cancelled: return "the call was cancelled"
        }
    }

    static func seconds(_ s: Double) -> String { s == s.rounded() ? String(Int(s)) : String(s) }
}
