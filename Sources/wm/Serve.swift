import ArgumentParser
import Foundation
import LLM
import Logging
import OpenAIStandIn
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
        With a model server configured (--provider, --base-url or WM_LLM_BASE_URL; WM_LLM_MODEL; WM_LLM_API_KEY is
        the upstream's key, never a caller's) it is also a drop-in memory proxy: point an OpenAI SDK's base URL at
        http://HOST:PORT/v1 and name the session with the header 'X-WM-Session: user/agent/session' (or the
        request's 'user' field); each call gets the context the memory assembles in place of its history.
          wm serve --provider llamacpp --base-url http://127.0.0.1:8089/v1 --proxy-budget 1024
        Without one, /v1/chat/completions and /v1/models answer 404 saying so.
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
    @Option(help: "Tokens of assembled context per proxied call without an X-WM-Budget header.")
    var proxyBudget = 1024
    @OptionGroup(title: "Upstream model server of the memory proxy (none: the proxy is off)")
    var llm: LLMOptions

    /// Whether a model server is named (a flag, a preset or WM_LLM_BASE_URL): then the proxy is on.
    var upstreamConfigured: Bool {
        llm.provider != nil || llm.baseURL != nil
            || !(ProcessInfo.processInfo.environment[LLMConfiguration.Variable.baseURL] ?? "").trimmingCharacters(in: .whitespaces).isEmpty
    }

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical (got '\(logLevel)')")
        }
        let tenantKeys: TenantKeys?
        do { tenantKeys = try keys.map { try TenantKeys(file: $0) } } catch { throw CLIError("\(error)") }
        var configuration = ServerConfiguration(host: host, port: port, keys: tenantKeys, bodyLimit: bodyLimit,
                                                cacheBytes: cacheMib << 20)
        do { try configuration.validate() } catch { throw CLIError("\(error)") }
        var logger = Logger(label: "wm.serve")
        logger.logLevel = level
        guard upstreamConfigured else {
            configuration.mount = { router, _ in MemoryProxy.mountUnconfigured(on: router) }
            try await Self.serve(db: db, configuration: configuration, logger: logger, keyed: tenantKeys != nil, proxy: nil)
            return
        }
        let standIn = llm.isEcho ? try await StandInServer.start() : nil
        let proxy: MemoryProxy
        do {
            proxy = try MemoryProxy(configuration: ProxyConfiguration(upstream: try llm.configuration(standIn: standIn?.baseURL),
                                                                      defaultBudget: proxyBudget), logger: logger)
        } catch let error as ServerConfigurationError { throw CLIError("\(error)") }
        let limit = bodyLimit
        configuration.mount = { router, cache in proxy.mount(on: router, cache: cache, bodyLimit: limit) }
        do {
            try await Self.serve(db: db, configuration: configuration, logger: logger, keyed: tenantKeys != nil,
                                 proxy: (proxy.configuration.upstream, llm.isEcho))
        } catch {
            try? await proxy.shutdown()
            await standIn?.stop()
            throw error
        }
        try? await proxy.shutdown()
        await standIn?.stop()
    }

    /// Opens the store, serves until a shutdown signal, then releases the store (closing the database).
    /// - Parameter proxy: the upstream of the memory proxy (and whether it is the echo stand-in), for the banner.
    static func serve(db: String, configuration: ServerConfiguration, logger: Logger, keyed: Bool,
                      proxy: (upstream: LLMConfiguration, echo: Bool)?) async throws {
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
                + (proxy.map { p in
                    let who = p.echo ? "the echo stand-in (not a model: it repeats what it is sent)" : "\(p.upstream.model) at \(p.upstream.baseURL)"
                    return "memory proxy: OpenAI-compatible at \(base)/v1 (header X-WM-Session: user/agent/session), upstream \(who)\n"
                } ?? "")
            FileHandle.standardOutput.write(Data(banner.utf8))
        }
        print("wm serve: stopped; every acknowledged write is in \(store.path)")
    }
}
