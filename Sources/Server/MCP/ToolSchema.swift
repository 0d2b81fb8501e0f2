import MCP

/// Builds the JSON Schema (draft 2020-12 subset that MCP clients and OpenAI function calling both read) of a
/// tool's arguments, so each definition reads as a list of named, described properties.
enum ToolSchema {
    /// An object schema: no names beyond `properties`.
    static func object(_ properties: [String: Value], required: [String] = []) -> Value {
        var schema: [String: Value] = ["type": "object", "properties": .object(properties), "additionalProperties": false]
        if !required.isEmpty { schema["required"] = .array(required.map { .string($0) }) }
        return .object(schema)
    }

    static func string(_ description: String, nonEmpty: Bool = true) -> Value {
        var s: [String: Value] = ["type": "string", "description": .string(description)]
        if nonEmpty { s["minLength"] = 1 }
        return .object(s)
    }

    static func integer(_ description: String, in range: ClosedRange<Int>, default fallback: Int? = nil) -> Value {
        var s: [String: Value] = ["type": "integer", "description": .string(description),
                                  "minimum": .int(range.lowerBound), "maximum": .int(range.upperBound)]
        if let fallback { s["default"] = .int(fallback) }
        return .object(s)
    }

    static func boolean(_ description: String, default fallback: Bool) -> Value {
        ["type": "boolean", "description": .string(description), "default": .bool(fallback)]
    }

    static func choice<E: RawRepresentable & CaseIterable>(_ type: E.Type, _ description: String, default fallback: E? = nil) -> Value where E.RawValue == String {
        var s: [String: Value] = ["type": "string", "description": .string(description),
                                  "enum": .array(E.allCases.map { .string($0.rawValue) })]
        if let fallback { s["default"] = .string(fallback.rawValue) }
        return .object(s)
    }

    static func strings(_ description: String) -> Value {
        ["type": "array", "description": .string(description), "items": ["type": "string", "minLength": 1]]
    }
}
