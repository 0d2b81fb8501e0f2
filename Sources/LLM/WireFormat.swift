/// The parts of OpenAI's chat completion responses and stream chunks that we read. Every field is optional:
/// compatible servers leave out different ones (llama.cpp sends `content: null` in its first chunk, Ollama no
/// `index` in some tool calls, DashScope `usage: null` in every chunk but the last).
struct WireCompletion: Decodable {
    struct Choice: Decodable {
        var index: Int?
        var message: WireMessage?
        var delta: WireMessage?
        var finish_reason: String?
    }
    var id: String?
    var model: String?
    var choices: [Choice]?
    var usage: WireUsage?
    var error: WireError?
}

/// A message (plain answers) or a delta (stream chunks).
struct WireMessage: Decodable {
    var role: String?
    var content: String?
    /// DeepSeek, Qwen (DashScope), llama.cpp and older vLLM: `reasoning_content`; Ollama and newer vLLM: `reasoning`.
    var reasoning_content: String?
    var reasoning: String?
    var tool_calls: [WireToolCallDelta]?

    var reasoningText: String? { reasoning_content ?? reasoning }
}

/// A tool call or a fragment of one (streams send the name first, then the arguments in pieces).
struct WireToolCallDelta: Decodable {
    struct Function: Decodable {
        var name: String?
        var arguments: JSONValue?
    }
    var index: Int?
    var id: String?
    var function: Function?

    /// The arguments text: a string on the OpenAI wire; Ollama's native form sends an object.
    var argumentsText: String? {
        switch function?.arguments {
        case .none, .null?: return nil
        case .string(let s)?: return s
        case let other?: return other.text
        }
    }
}

struct WireUsage: Decodable {
    struct Details: Decodable { var reasoning_tokens: Int? }
    var prompt_tokens: Int?
    var completion_tokens: Int?
    var total_tokens: Int?
    var completion_tokens_details: Details?

    var usage: TokenUsage {
        TokenUsage(promptTokens: prompt_tokens ?? 0, completionTokens: completion_tokens ?? 0, totalTokens: total_tokens,
                   reasoningTokens: completion_tokens_details?.reasoning_tokens)
    }
}

/// `{"error": {"message", "type", "code"}}`; `code` is a string at OpenAI, a number at vLLM and llama.cpp. Some
/// servers send the error as a bare string.
struct WireError: Decodable {
    var message: String
    var type: String?
    var code: String?

    enum CodingKeys: String, CodingKey { case message, type, code }

    init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            message = text
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        message = (try? c.decodeIfPresent(String.self, forKey: .message)) ?? ""
        type = try? c.decodeIfPresent(String.self, forKey: .type)
        switch try? c.decodeIfPresent(JSONValue.self, forKey: .code) {
        case .string(let s)?: code = s
        case .number(let n)?: code = String(Int(n))
        default: code = nil
        }
    }
}

/// An error body: `{"error": ...}` (OpenAI), or `{"message": ...}`/`{"detail": ...}` (some servers' own routes).
struct WireErrorBody: Decodable {
    var error: WireError?
    var message: String?
    var detail: JSONValue?
}
