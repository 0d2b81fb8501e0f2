import Foundation
import PostgresNIO

/// A `postgres://` (or `postgresql://`) URL as libpq reads it: `postgres://user:password@host:port/database`,
/// or a unix socket through `?host=/folder` (the folder holding `.s.PGSQL.<port>`). `sslmode=require` asks for
/// TLS; anything else connects in the clear (loopback and sockets).
public struct PostgresURL: Sendable, CustomStringConvertible {
    public var username: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    /// The folder of the unix socket, when connecting through one.
    public var socketFolder: String?
    public var requireTLS: Bool

    /// Whether a `--db` value names a PostgreSQL database rather than a SQLite file.
    public static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// - Throws: `MemoryError.invalidArgument` naming what is wrong with the URL.
    public init(_ text: String) throws {
        guard Self.isPostgres(text), let url = URLComponents(string: text) else {
            throw PostgresStoreError.url("'\(text)' is not a PostgreSQL URL; write postgres://user@host:port/database")
        }
        let query = Dictionary((url.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, b in b })
        for name in query.keys where !["host", "port", "sslmode", "user", "password"].contains(name) {
            throw PostgresStoreError.url("unknown parameter '\(name)' in the PostgreSQL URL; known: host, port, sslmode, user, password")
        }
        username = query["user"] ?? url.user ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        password = query["password"] ?? url.password
        let portText = query["port"] ?? url.port.map(String.init) ?? "5432"
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw PostgresStoreError.url("port '\(portText)' in the PostgreSQL URL is not a port number (1-65535)")
        }
        self.port = port
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        database = path.isEmpty ? username : path
        if database.contains("/") { throw PostgresStoreError.url("database name '\(database)' holds a '/'; write postgres://user@host/database") }
        let hostParameter = query["host"]
        if let h = hostParameter, h.hasPrefix("/") {
            socketFolder = h
            host = "localhost"
        } else {
            socketFolder = nil
            host = hostParameter ?? url.host ?? "localhost"
            if host.isEmpty { host = "localhost" }
        }
        switch query["sslmode"] ?? "disable" {
        case "disable", "allow", "prefer": requireTLS = false
        case "require", "verify-ca", "verify-full": requireTLS = true
        case let other: throw PostgresStoreError.url("sslmode '\(other)' is not one of disable, prefer, require, verify-full")
        }
    }

    /// The URL without its password, for messages and logs.
    public var description: String {
        let place = socketFolder.map { "/\(database)?host=\($0)&port=\(port)" } ?? "\(host):\(port)/\(database)"
        return socketFolder == nil ? "postgres://\(username)@\(place)" : "postgres://\(username)@\(place)"
    }

    /// The pool's configuration.
    func clientConfiguration() throws -> PostgresClient.Configuration {
        var c: PostgresClient.Configuration
        if let folder = socketFolder {
            c = .init(unixSocketPath: "\(folder)/.s.PGSQL.\(port)", username: username, password: password, database: database)
        } else {
            c = .init(host: host, port: port, username: username, password: password, database: database,
                      tls: requireTLS ? .require(.makeClientConfiguration()) : .disable)
        }
        return c
    }

    /// A single connection's configuration (the startup check and the migrations).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        if let folder = socketFolder {
            return .init(unixSocketPath: "\(folder)/.s.PGSQL.\(port)", username: username, password: password, database: database)
        }
        return .init(host: host, port: port, username: username, password: password, database: database,
                     tls: requireTLS ? .require(try .init(configuration: .makeClientConfiguration())) : .disable)
    }
}
