import Foundation

/// The echo behaviour: NOT a model. It answers a chat request with the last user message and how much context it
/// was sent, so a demo or a test sees the whole path (memory → prompt → HTTP → stream → memory) without a model.
///
/// Given tools, a user message `call NAME {json}` makes it call tool NAME with those arguments; after a tool
/// message it answers with the tool's result. Embeddings are 8 numbers from the text's bytes.
enum EchoReply {
    static let label = "[echo stand-in, not a model]"

    static func chat(_ body: [String: Any]) -> StandInReply {
        let messages = body["messages"] as? [[String: Any]] ?? []
        let stream = body["stream"] as? Bool ?? false
        let includeUsage = (body["stream_options"] as? [String: Any])?["include_usage"] as? Bool ?? false
        let hasTools = !(body["tools"] as? [Any] ?? []).isEmpty
        let characters = messages.reduce(0) { $0 + (($1["content"] as? String)?.count ?? 0) }
        let promptTokens = max(1, characters / 4)
        let last = messages.last
        var toolCall: (name: String, arguments: String)?
        let answer: String
        if last?["role"] as? String == "tool" {
            answer = "\(label) the tool answered: \(last?["content"] as? String ?? "")"
        } else {
            let said = messages.last(where: { $0["role"] as? String == "user" })?["content"] as? String ?? ""
            if hasTools, let call = parseCall(said) {
                toolCall = call
                answer = ""
            } else if let task = planRequest(said) {
                // Asked for a numbered plan (as `wm task` asks): two steps made of the task's own words.
                answer = "\(label) a plan of your words:\n1. Look up: \(task)\n2. Sum up: \(task)"
            } else {
                answer = "\(label) You said: \(said.split(whereSeparator: \.isNewline).joined(separator: " / ")) (I was sent \(messages.count) messages, \(characters) characters.)"
            }
        }
        let completionTokens = max(1, answer.count / 4)
        let usage: [String: Any] = ["prompt_tokens": promptTokens, "completion_tokens": completionTokens, "total_tokens": promptTokens + completionTokens]
        let callJSON: [[String: Any]] = toolCall.map { [["index": 0, "id": "call_echo_1", "type": "function",
                                                          "function": ["name": $0.name, "arguments": $0.arguments]]] } ?? []
        let finish = toolCall == nil ? "stop" : "tool_calls"
        if !stream {
            var message: [String: Any] = ["role": "assistant", "content": toolCall == nil ? answer : NSNull()]
            if !callJSON.isEmpty { message["tool_calls"] = callJSON }
            return .json(status: 200, body: json(["id": "echo", "object": "chat.completion", "model": "echo",
                                                  "choices": [["index": 0, "message": message, "finish_reason": finish]], "usage": usage]))
        }
        var payloads: [String] = [json(chunk(["role": "assistant", "content": ""]))]
        if callJSON.isEmpty {
            // Word by word, like a model's tokens.
            var words = answer.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            for i in words.indices.dropLast() { words[i] += " " }
            payloads += words.map { json(chunk(["content": $0])) }
        } else {
            payloads.append(json(chunk(["tool_calls": callJSON])))
        }
        payloads.append(json(chunk([:], finish: finish)))
        if includeUsage { payloads.append(json(["id": "echo", "object": "chat.completion.chunk", "model": "echo", "choices": [], "usage": usage])) }
        return .stream(pieces: (payloads + ["[DONE]"]).map { Array("data: \($0)\n\n".utf8) }, gap: .milliseconds(5))
    }

    static func embeddings(_ body: [String: Any]) -> StandInReply {
        let inputs = body["input"] as? [String] ?? (body["input"] as? String).map { [$0] } ?? []
        let data = inputs.enumerated().map { i, text -> [String: Any] in
            var v = [Double](repeating: 0, count: 8)
            for (j, b) in text.utf8.enumerated() { v[j % 8] += Double(b) / 255 }
            let norm = max(1e-9, v.reduce(0) { $0 + $1 * $1 }.squareRoot())
            return ["object": "embedding", "index": i, "embedding": v.map { $0 / norm }]
        }
        let tokens = inputs.reduce(0) { $0 + max(1, $1.count / 4) }
        return .json(status: 200, body: json(["object": "list", "model": "echo", "data": data, "usage": ["prompt_tokens": tokens, "total_tokens": tokens]]))
    }

    /// The task of a request that asks for a plan ("Task: …" on the first line, "Write a plan" below).
    static func planRequest(_ text: String) -> String? {
        let lines = text.split(whereSeparator: \.isNewline)
        guard let first = lines.first, first.hasPrefix("Task: "), lines.contains(where: { $0.hasPrefix("Write a plan") }) else { return nil }
        return String(first.dropFirst(6))
    }

    /// `call NAME {json}` → (NAME, json).
    static func parseCall(_ text: String) -> (name: String, arguments: String)? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.hasPrefix("call ") else { return nil }
        let rest = t.dropFirst(5)
        guard let brace = rest.firstIndex(of: "{") else { return nil }
        let name = rest[..<brace].trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? nil : (name, String(rest[brace...]))
    }

    static func chunk(_ delta: [String: Any], finish: String? = nil) -> [String: Any] {
        ["id": "echo", "object": "chat.completion.chunk", "model": "echo",
         "choices": [["index": 0, "delta": delta, "finish_reason": finish.map { $0 as Any } ?? NSNull()]]]
    }

    static func json(_ value: Any) -> String {
        (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
