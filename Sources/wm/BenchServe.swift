import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import WorkingMemory

/// `wm bench serve`: the HTTP server under load from many clients, beside the same mix on the engine directly.
struct BenchServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Load the HTTP server with many clients (appendEvents + getContext) and count every acknowledged event back.",
        discussion: """
        Starts `wm serve` on a fresh database and a free loopback port; --clients clients (AsyncHTTPClient, one
        connection each) send appendEvents and getContext over --sessions sessions for --seconds seconds. Prints
        requests/s and p50/p99/max per route and the errors, then reads every session back through listEvents:
        lost = acknowledged - found. Then the same mix runs directly on the engine (as many threads as the
        server's pool) for as long, and the ratio of appendEvents throughput is printed.
        --kill instead kills the server with SIGKILL at a random moment under load, restarts it on the same
        database and counts back, --rounds times.
          swift run -c release wm bench serve --clients 200 --seconds 60
          swift run -c release wm bench serve --kill
        --replicas N runs the load on one replica, then spread over N replicas over one database (--db
        postgres://…: a new database on that server per run), and with --kill SIGKILLs one replica mid-load while
        the clients move to the others; then checks that every session's sequence numbers are 1...n.
          swift run -c release wm bench serve --replicas 3 --db postgres://wm@127.0.0.1/wm --kill
        """
    )

    @Option(help: "Concurrent clients.")
    var clients = 200
    @Option(help: "Seconds of load (with --kill: the longest time before a kill).")
    var seconds = 60.0
    @Option(help: "Sessions the clients spread over.")
    var sessions = 100
    @Option(help: "Share of appendEvents requests (the rest are getContext).")
    var appendShare = 0.8
    @Flag(help: "Kill the server (SIGKILL) at random moments under load, restart it, count back.")
    var kill = false
    @Option(help: "Kill-and-restart rounds (with --kill).")
    var rounds = 5
    @Option(help: "Replicas of `wm serve` over one database: runs the load on 1 replica, then spread over this many (with --kill: one replica is killed mid-load and not restarted).")
    var replicas = 1
    @Option(help: "With --replicas: the database server, postgres://user@host:port/database (each run gets a new database on it); default: one SQLite file.")
    var db: String?

    func validate() throws {
        if clients < 1 { throw ValidationError("--clients must be at least 1 (got \(clients))") }
        if !(seconds > 0 && seconds.isFinite) { throw ValidationError("--seconds must be > 0 (got \(seconds))") }
        if sessions < 1 { throw ValidationError("--sessions must be at least 1 (got \(sessions))") }
        if !(0...1).contains(appendShare) { throw ValidationError("--append-share must be in 0...1 (got \(appendShare))") }
        if rounds < 1 { throw ValidationError("--rounds must be at least 1 (got \(rounds))") }
        if replicas < 1 || replicas > 16 { throw ValidationError("--replicas must be in 1...16 (got \(replicas))") }
        if db != nil && replicas == 1 { throw ValidationError("--db is for --replicas N (N > 1)") }
    }

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wm-bench-serve-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let mix = ServeMix(appendShare: appendShare, sessions: sessions)
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(
            connectionPool: .init(idleTimeout: .seconds(120), concurrentHTTP1ConnectionsPerHostSoftLimit: clients)))
        do {
            if replicas > 1 {
                try await replicaRun(http, folder: folder, mix: mix)
            } else if kill {
                try await killRounds(http, db: folder.appendingPathComponent("kill.sqlite").path, mix: mix)
            } else {
                try await throughput(http, folder: folder, mix: mix)
            }
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    func throughput(_ http: HTTPClient, folder: URL, mix: ServeMix) async throws {
        print("wm bench serve: \(clients) clients, \(sessions) sessions, \(fmt(seconds, 0)) s, \(Int(appendShare * 100))% appendEvents / \(100 - Int(appendShare * 100))% getContext (budget \(ServeMix.budget)); load before: \(Self.loadAverage())")
        let server = try ServerChild(db: folder.appendingPathComponent("serve.sqlite").path)
        try await ServeLoad.createSessions(http, base: server.baseURL, count: sessions)
        let load = await ServeLoad.run(http, base: server.baseURL, clients: clients, mix: mix, seconds: seconds, stopOnError: false)
        print("\nserver (HTTP on loopback, \(ProcessInfo.processInfo.activeProcessorCount) cores shared with the clients):")
        print(LatencyStats.header)
        print(load.append.row("appendEvents", over: load.duration))
        print(load.context.row("getContext", over: load.duration))
        print("errors: \(load.errors)\(load.errorSamples.isEmpty ? "" : " (first: \(load.errorSamples.joined(separator: "; ")))")")
        let (acked, found, lost) = try await ServeLoad.countBack(http, base: server.baseURL, acknowledged: load.acknowledged)
        print("acknowledged events: \(acked), found via listEvents: \(found), lost: \(lost)")
        server.signal(SIGTERM)
        server.wait()

        let threads = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)
        let direct = try ServeLoad.direct(db: folder.appendingPathComponent("direct.sqlite").path, threads: threads, mix: mix, seconds: seconds)
        print("\ndirect engine (same mix, \(threads) threads = the server's pool, no HTTP):")
        print(LatencyStats.header)
        print(direct.append.row("appendEvents", over: direct.duration))
        print(direct.context.row("getContext", over: direct.duration))
        let serverRate = Double(load.append.seconds.count) / load.duration, directRate = Double(direct.append.seconds.count) / direct.duration
        print("\nappendEvents throughput, server / direct: \(fmt(serverRate, 0)) / \(fmt(directRate, 0)) per s = \(fmt(serverRate / max(directRate, 1e-9), 2)) (target >= 0.70)")
        print("getContext p99: server \(fmt(load.context.percentileMs(99), 2)) ms, direct \(fmt(direct.context.percentileMs(99), 2)) ms")
        print("load after: \(Self.loadAverage())")
        if load.errors > 0 || lost > 0 { throw CLIError("\(load.errors) errors, \(lost) acknowledged events lost") }
    }

    func killRounds(_ http: HTTPClient, db: String, mix: ServeMix) async throws {
        print("wm bench serve --kill: \(rounds) rounds, \(clients) clients, \(sessions) sessions, SIGKILL after a random 1 to \(fmt(max(2, seconds / Double(rounds)), 1)) s; load before: \(Self.loadAverage())")
        var rng = BenchRandom(seed: UInt64(getpid()))
        var acknowledged: [Int: [Int64]] = [:]
        for round in 1...rounds {
            let server = try ServerChild(db: db)
            if round == 1 { try await ServeLoad.createSessions(http, base: server.baseURL, count: sessions) }
            let delay = 1 + Double(rng.next() % 1000) / 1000 * (max(2, seconds / Double(rounds)) - 1)
            async let load = ServeLoad.run(http, base: server.baseURL, clients: clients, mix: mix, seconds: delay + 30, stopOnError: true,
                                           seed: UInt64(round) << 32)
            try await Task.sleep(for: .seconds(delay))
            server.signal(SIGKILL)
            server.wait()
            let result = await load
            for (s, seqs) in result.acknowledged { acknowledged[s, default: []] += seqs }
            let restarted = try ServerChild(db: db)
            let (acked, found, lost) = try await ServeLoad.countBack(http, base: restarted.baseURL, acknowledged: acknowledged)
            print("round \(round): killed after \(fmt(delay, 2)) s with \(result.append.seconds.count) appends acknowledged this round; acknowledged so far \(acked), found \(found), lost \(lost)")
            restarted.signal(SIGTERM)
            restarted.wait()
            if lost > 0 { throw CLIError("\(lost) acknowledged events lost in round \(round)") }
        }
        print("no acknowledged event lost in \(rounds) kills; load after: \(Self.loadAverage())")
    }

    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "unknown"
    }
}
