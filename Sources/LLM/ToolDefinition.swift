/// A function the model may call, in the OpenAI tools format:
/// `{"type": "function", "function": {"name", "description", "parameters": <JSON schema>}}`.
public struct ToolDefinition: Sendable, Equatable, Encodable {
    public var name: String
    public var description: String
    /// A JSON schema of the arguments object.
    public var parameters: JSONValue

    /// - Throws: `LLMError.configuration` for a name OpenAI refuses (1 to 64 of `a-z A-Z 0-9 _ -`) or parameters
    ///   that are not a JSON object.
    public init(name: String, description: String, parameters: JSONValue) throws {
        let allowed = name.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" || $0 == "-" }
        if name.isEmpty || name.count > 64 || !allowed {
            throw LLMError.configuration("tool name '\(name)' must be 1 to 64 letters, digits, '_' or '-'")
        }
        guard case .object = parameters else { throw LLMError.configuration("the parameters of tool '\(name)' must be a JSON schema object") }
        self.name = name
        self.description = description
        self.parameters = parameters
    }

    enum CodingKeys: String, CodingKey { case type, function }
    enum FunctionKeys: String, CodingKey { case name, description, parameters }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("function", forKey: .type)
        var f = c.nestedContainer(keyedBy: FunctionKeys.self, forKey: .function)
        try f.encode(name, forKey: .name)
        try f.encode(description, forKey: .description)
        try f.encode(parameters, forKey: .parameters)
    }
}
