import Foundation
import WorkingMemory

/// Which session a proxied call belongs to: the header `X-WM-Session: user/agent/session` (each part
/// percent-encoded as in the API's paths, so `%E5%BC%A0%E4%BC%9F` is 张伟), else the request's `user` field in
/// the same form, or a bare `user` name for that user's `default/default` session. The tenant is the caller's key's.
struct ProxySessionName: Sendable, Equatable {
    var user: String
    var agent: String
    var session: String

    static let header = "X-WM-Session"

    /// - Throws: `ProxyError` (400) when neither names a session or the name is malformed.
    init(header: String?, userField: String?) throws {
        if let header {
            let parts = header.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3 else {
                throw ProxyError.invalid("the header \(Self.header) must be 'user/agent/session' (three names, two slashes); got \(parts.count) part\(parts.count == 1 ? "" : "s")",
                                         code: "bad_session")
            }
            let decoded = try parts.map { part -> String in
                guard let d = part.removingPercentEncoding else {
                    throw ProxyError.invalid("the header \(Self.header) holds a bad percent-encoding in '\(part)'", code: "bad_session")
                }
                return d
            }
            try self.init(decoded[0], decoded[1], decoded[2], source: "the header \(Self.header)")
            return
        }
        guard let userField else {
            throw ProxyError.invalid("no session named: send the header '\(Self.header): user/agent/session' or the request field 'user'",
                                     param: "user", code: "missing_session")
        }
        let parts = userField.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1: try self.init(parts[0], "default", "default", source: "the field 'user'")
        case 3: try self.init(parts[0], parts[1], parts[2], source: "the field 'user'")
        default:
            throw ProxyError.invalid("the field 'user' must be a user name or 'user/agent/session'; got \(parts.count) parts", param: "user", code: "bad_session")
        }
    }

    private init(_ user: String, _ agent: String, _ session: String, source: String) throws {
        for (what, value) in [("user", user), ("agent", agent), ("session", session)] {
            do { try MemoryAPI.checkName(what, value) } catch let error as APIError {
                throw ProxyError.invalid("\(source): \(error.message)", code: "bad_session")
            }
        }
        self.user = user
        self.agent = agent
        self.session = session
    }

    /// The namespace inside the caller's tenant.
    func namespace(tenant: String) throws -> Namespace {
        do { return try Namespace(tenant: tenant, user: user, agent: agent, session: session) } catch let error as MemoryError {
            throw ProxyError(APIError(error))
        }
    }
}
