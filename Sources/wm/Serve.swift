import ArgumentParser
import Foundation
import Logging
import PostgresStore
import Server
import WorkingMemory

/// `wm serve`: the memory as an HTTP service (the routes of `GET /openapi.json`).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the memory over HTTP (OpenAPI contract at /openapi.json).",
        discussion: """
        Sessions live at /v1/users/{user}/agents/{agent}/sessions/{session}. Without --keys the server serves the
        one tenant of the CLI and listens on loopback only; with --keys every request needs
        'Authorization: Bearer KEY' and sees only its key's tenant. SIGTERM or Ctrl-C stops accepting, finishes
        the requests in flight and closes the database.
          wm serve --db wm.sqlite
          curl -s -X POST localhost:8080/v1/users/ana/agents/app/sessions/trip/events \\
               -H 'Content-Type: application/json' -d '{"role": "user", "text": "I fly to Lisbon on May 8."}'
          wm serve --host 0.0.0.0 --port 8080 --db wm.sqlite --keys keys.json   # keys.json: {"KEY": "TENANT"}
        """
    )

    @Option(help: "Address to listen on (without --keys: a loopback address only).")
    var host = "127.0.0.1"
    @Option(help: "Port to listen on (0: any free port, printed at start).")
    var port = 8080
    @Option(help: "Database: a SQLite file (created if missing) or a PostgreSQL URL, postgres://user@host:port/database (several replicas may serve one).")
    var db = "wm.sqlite"
    @Option(help: "API keys file: a JSON object {\"KEY\": \"TENANT\", ...}.")
    var keys: String?
    @Option(help: "Largest request body in bytes.")
    var bodyLimit = 1 << 20
    @Option(help: "Memory cap of the loaded sessions in MiB (least recently used ones are unloaded beyond it).")
    var cacheMib = 512
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical (got '\(logLevel)')")
        }
        let tenantKeys: TenantKeys?
        do { tenantKeys = try keys.map { try TenantKeys(file: $0) } } catch { throw CLIError("\(error)") }
        let configuration = ServerConfiguration(host: host, port: port, keys: tenantKeys, bodyLimit: bodyLimit,
                                                cacheBytes: cacheMib << 20)
        do { try configuration.validate() } catch { throw CLIError("\(error)") }
        var logger = Logger(label: "wm.serve")
        logger.logLevel = level
        try await Self.serve(db: db, configuration: configuration, logger: logger, keyed: tenantKeys != nil)
    }

    /// Opens the store, serves until a shutdown signal, then releases the store (closing the database).
    static func serve(db: String, configuration: ServerConfiguration, logger: Logger, keyed: Bool) async throws {
        let store: MemoryStore
        do { store = try StoreOpener.open(db) } catch { throw CLIError(error) }
        let server = try MemoryServer(store: store, configuration: configuration, logger: logger)
        let host = configuration.host
        try await server.run { channel in
            let port = channel.localAddress?.port ?? configuration.port
            let base = "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
            let auth = keyed ? " -H 'Authorization: Bearer KEY'" : ""
            // Unbuffered: scripts and tests wait for this line to learn the port.
            let banner = "wm serve: listening on \(base) (database \(store.path)\(keyed ? ", keys required" : ", one tenant, no keys"))\n"
                + "try: curl -s\(auth) -X POST \(base)/v1/users/ana/agents/app/sessions/first/events -H 'Content-Type: application/json' -d '{\"role\": \"user\", \"text\": \"My favourite colour is green.\"}'\n"
            FileHandle.standardOutput.write(Data(banner.utf8))
        }
        print("wm serve: stopped; every acknowledged write is in \(store.path)")
    }
}
