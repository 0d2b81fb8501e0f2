import Foundation
import HTTPTypes
import WorkingMemory

/// An error the API answers with: an HTTP status and the body `{"error": {"code", "message"}}`.
/// Handlers throw it; `ErrorMiddleware` turns it (and every other error) into that body.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    /// A stable, machine-readable code (`bad_request`, `not_found`, ...).
    public var code: String
    /// What was wrong and what to do, for people.
    public var message: String

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public static func badRequest(_ message: String) -> APIError { APIError(.badRequest, "bad_request", message) }
    public static func notFound(_ message: String) -> APIError { APIError(.notFound, "not_found", message) }
    public static let unauthorized = APIError(
        .unauthorized, "unauthorized", "missing or unknown API key; send the header 'Authorization: Bearer KEY' with a key from the server's keys file")

    /// The engine's errors: a bad argument is the caller's (400), a missing thing 404, storage a fault (500).
    public init(_ error: MemoryError) {
        switch error {
        case .invalidArgument(let m): self.init(.badRequest, "bad_request", m)
        case .notFound(let m): self.init(.notFound, "not_found", m)
        case .storage(let m): self.init(.internalServerError, "internal", m)
        }
    }
}
