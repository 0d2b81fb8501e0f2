/// A provider's secret key. It reaches the `Authorization` header and nothing else: printing, string
/// interpolation, `dump` and reflection all show `<redacted>`, and it is not `Codable`, so it cannot be written
/// into a file or a database by accident.
public struct APIKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let secret: String

    /// - Throws: `LLMError.configuration` for an empty key or one with control characters (a pasted newline
    ///   would otherwise split the HTTP header).
    public init(_ secret: String) throws {
        let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { throw LLMError.configuration("the API key is empty") }
        if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw LLMError.configuration("the API key contains control characters")
        }
        self.secret = trimmed
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "APIKey(<redacted>)" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// `text` with every occurrence of the key replaced, for provider messages that echo it back.
    func scrub(_ text: String) -> String { text.replacingOccurrences(of: secret, with: "<redacted>") }
}
