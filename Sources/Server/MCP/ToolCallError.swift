import MCP

/// Why a tool call was refused before it reached the memory. Each message names the tool, the argument and what
/// to send instead, so a model can repair its call.
public enum ToolCallError: Error, Equatable, CustomStringConvertible {
    case unknownTool(String, known: [String])
    case argumentsNotAnObject(tool: String, detail: String)
    case unknownArgument(tool: String, argument: String, allowed: [String])
    case missing(tool: String, argument: String, expected: String)
    case wrongType(tool: String, argument: String, expected: String, got: String)
    case outOfRange(tool: String, argument: String, expected: String, got: String)

    public var description: String {
        switch self {
        case .unknownTool(let name, let known):
            return "unknown tool '\(name)'; the tools are: \(known.joined(separator: ", "))"
        case .argumentsNotAnObject(let tool, let detail):
            return "\(tool): the arguments must be a JSON object (\(detail))"
        case .unknownArgument(let tool, let argument, let allowed):
            return "\(tool): unknown argument '\(argument)'; it takes: \(allowed.joined(separator: ", "))"
        case .missing(let tool, let argument, let expected):
            return "\(tool): '\(argument)' is required (\(expected))"
        case .wrongType(let tool, let argument, let expected, let got):
            return "\(tool): '\(argument)' must be \(expected), got \(got)"
        case .outOfRange(let tool, let argument, let expected, let got):
            return "\(tool): '\(argument)' must be \(expected), got \(got)"
        }
    }

    /// How a JSON value is named in messages ("a string", "the number 2.5").
    static func describe(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return "the boolean \(b)"
        case .int(let i): return "the integer \(i)"
        case .double(let d): return "the number \(d)"
        case .string(let s): return "the string \(s.count > 40 ? "\"\(s.prefix(37))...\"" : "\"\(s)\"")"
        case .data: return "a data URL"
        case .array(let xs): return "an array of \(xs.count)"
        case .object: return "an object"
        }
    }
}
