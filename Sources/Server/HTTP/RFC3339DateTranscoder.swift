import Foundation
import OpenAPIRuntime

/// Reads RFC 3339 dates with or without fractional seconds (`2024-05-08T13:56:00Z`, `...00.25+02:00`) and
/// writes them in UTC, with milliseconds only when the time has a fraction, so a posted time comes back as sent.
struct RFC3339DateTranscoder: DateTranscoder {
    func encode(_ date: Date) throws -> String {
        let whole = date.timeIntervalSince1970.rounded(.down) == date.timeIntervalSince1970
        return whole ? date.formatted(Self.plain) : date.formatted(Self.fractional)
    }

    func decode(_ text: String) throws -> Date {
        if let date = try? Self.fractional.parse(text) { return date }
        if let date = try? Self.plain.parse(text) { return date }
        throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "'\(text)' is not an RFC 3339 date-time like 2024-05-08T13:56:00Z"))
    }

    static let plain = Date.ISO8601FormatStyle(includingFractionalSeconds: false, timeZone: .gmt)
    static let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
}
