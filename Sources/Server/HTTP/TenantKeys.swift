import Foundation

/// API keys and the tenant each belongs to, read from a keys file: a JSON object `{"KEY": "TENANT", ...}`.
///
/// Keys are compared in constant time (every byte of every key is visited whatever matches), so response
/// times do not tell how much of a guess was right. Keys are never logged, echoed or described.
public struct TenantKeys: Sendable, CustomStringConvertible {
    let entries: [(key: [UInt8], tenant: String)]

    /// - Throws: `TenantKeysError` naming what is wrong with the file (nothing about the keys themselves).
    public init(file path: String) throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw TenantKeysError("cannot read the keys file '\(path)': \(error.localizedDescription)")
        }
        try self.init(json: data, source: "the keys file '\(path)'")
    }

    /// Keys from the text of a keys file. - Parameter source: how errors name where the text came from.
    public init(json data: Data, source: String = "the keys") throws {
        let object: [String: String]
        do { object = try JSONDecoder().decode([String: String].self, from: data) } catch {
            throw TenantKeysError("\(source) is not a JSON object of strings {\"KEY\": \"TENANT\", ...}")
        }
        try self.init(object, source: source)
    }

    /// - Parameter keys: key → tenant.
    public init(_ keys: [String: String], source: String = "the keys") throws {
        if keys.isEmpty { throw TenantKeysError("\(source) holds no key; add at least one \"KEY\": \"TENANT\" pair") }
        for (key, tenant) in keys {
            if key.utf8.count < 16 { throw TenantKeysError("\(source) holds a key shorter than 16 bytes (tenant '\(tenant)'); use long random keys") }
            if key.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value > 0x7E }) {
                throw TenantKeysError("\(source) holds a key with spaces, control or non-ASCII characters (tenant '\(tenant)')")
            }
            if tenant.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                || tenant.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                throw TenantKeysError("\(source) maps a key to an empty tenant name or one with control characters")
            }
        }
        entries = keys.map { (Array($0.key.utf8), $0.value) }.sorted { $0.1 < $1.1 }
    }

    /// The tenant of a presented key, or nil. Runs in time independent of where a guess differs.
    public func tenant(for presented: Substring) -> String? {
        let bytes = Array(presented.utf8)
        var found: String?
        for entry in entries where Self.constantTimeEqual(entry.key, bytes) { found = entry.tenant }
        return found
    }

    /// The token of an `Authorization: Bearer TOKEN` header (scheme case-insensitive, RFC 6750 section 2.1).
    public static func bearerToken(_ header: String) -> Substring? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].drop { $0 == " " }
    }

    /// Compares every byte of `known` whatever the result (the lengths' difference counts as a mismatch).
    static func constantTimeEqual(_ known: [UInt8], _ presented: [UInt8]) -> Bool {
        var difference = known.count ^ presented.count
        for i in 0..<known.count {
            difference |= Int(known[i] ^ (i < presented.count ? presented[i] : 0))
        }
        return difference == 0
    }

    /// The tenants, never the keys.
    public var description: String { "\(entries.count) keys for tenants \(Set(entries.map(\.tenant)).sorted())" }
}

/// A keys file that cannot be used.
public struct TenantKeysError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
