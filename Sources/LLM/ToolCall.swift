/// A function call the model asked for: `arguments` is the JSON text the model wrote (it may be invalid JSON;
/// the tool decides what to do with it).
public struct ToolCall: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    // The wire form: {"id", "type": "function", "function": {"name", "arguments"}}.
    enum CodingKeys: String, CodingKey { case id, type, function }
    enum FunctionKeys: String, CodingKey { case name, arguments }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
        let f = try c.nestedContainer(keyedBy: FunctionKeys.self, forKey: .function)
        name = try f.decodeIfPresent(String.self, forKey: .name) ?? ""
        // Ollama's native API gives the arguments as an object; the OpenAI format as a string.
        if let s = try? f.decode(String.self, forKey: .arguments) { arguments = s }
        else { arguments = try f.decodeIfPresent(JSONValue.self, forKey: .arguments)?.text ?? "" }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode("function", forKey: .type)
        var f = c.nestedContainer(keyedBy: FunctionKeys.self, forKey: .function)
        try f.encode(name, forKey: .name)
        try f.encode(arguments, forKey: .arguments)
    }
}
