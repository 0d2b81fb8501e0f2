import AsyncHTTPClient
import Foundation
import NIOCore
import PostgresStore
import WorkingMemory

/// `wm bench serve --replicas N`: the same load on one replica, then spread over N replicas of `wm serve` over
/// one database (PostgreSQL, or one SQLite file), optionally SIGKILLing one replica mid-load.
extension BenchServe {
    func replicaRun(_ http: HTTPClient, folder: URL, mix: ServeMix) async throws {
        print("wm bench serve --replicas \(replicas): \(clients) clients, \(sessions) sessions, \(fmt(seconds, 0)) s per run, \(Int(appendShare * 100))% appendEvents; database \(db.map(Self.redacted) ?? "a SQLite file"); load before: \(Self.loadAverage())")
        var rates: [Int: Double] = [:]
        for count in Array(Set([1, replicas])).sorted() {
            let location = try freshDatabase(folder, name: "replicas-\(count)")
            let servers = try (0..<count).map { _ in try ServerChild(db: location) }
            try await ServeLoad.createSessions(http, base: servers[0].baseURL, count: sessions)
            let killing = kill && count > 1
            let killAt = seconds / 2
            async let load = ServeLoad.run(http, bases: servers.map(\.baseURL), clients: clients, mix: mix, seconds: seconds, stopOnError: false)
            if killing {
                try await Task.sleep(for: .milliseconds(Int(killAt * 1000)))
                servers[0].signal(SIGKILL)
                servers[0].wait()
            }
            let result = await load
            let survivor = servers[killing ? 1 : 0].baseURL
            let (acked, found, lost) = try await ServeLoad.countBack(http, base: survivor, acknowledged: result.acknowledged)
            let gaps = try await Self.sequenceGaps(http, base: survivor, sessions: sessions)
            let rate = Double(result.append.seconds.count) / result.duration
            rates[count] = rate
            print("\n\(count) replica\(count == 1 ? "" : "s")\(killing ? ", replica 0 killed (SIGKILL) after \(fmt(killAt, 1)) s" : ""):")
            print(LatencyStats.header)
            print(result.append.row("appendEvents", over: result.duration))
            print(result.context.row("getContext", over: result.duration))
            let perReplica = (0..<count).map { "\($0): \(result.appendsByReplica[$0] ?? 0) appends, \(result.errorsByReplica[$0] ?? 0) errors" }
            print("per replica: " + perReplica.joined(separator: "; "))
            let survivorErrors = (0..<count).filter { !(killing && $0 == 0) }.reduce(0) { $0 + (result.errorsByReplica[$1] ?? 0) }
            print("errors: \(result.errors) (on survivors: \(survivorErrors))\(result.errorSamples.isEmpty ? "" : "; first: \(result.errorSamples.joined(separator: "; "))")")
            print("acknowledged events: \(acked), found via listEvents: \(found), lost: \(lost); sessions whose sequence numbers are not 1...n: \(gaps)")
            for (i, s) in servers.enumerated() where !(killing && i == 0) {
                s.signal(SIGTERM)
                s.wait()
            }
            if lost > 0 || gaps > 0 || survivorErrors > 0 {
                throw CLIError("\(lost) acknowledged events lost, \(gaps) sessions with gaps or repeats, \(survivorErrors) errors on surviving replicas")
            }
        }
        if let one = rates[1], let many = rates[replicas], replicas > 1 {
            print("\nappendEvents throughput, \(replicas) replicas / 1: \(fmt(many, 0)) / \(fmt(one, 0)) per s = \(fmt(many / max(one, 1e-9), 2)) (\(ProcessInfo.processInfo.activeProcessorCount) cores shared by the replicas, the database and the clients)")
        }
        print("load after: \(Self.loadAverage())")
    }

    /// A new empty database for one run: a new database on the PostgreSQL server `--db` names, or a SQLite
    /// file in the run's folder.
    func freshDatabase(_ folder: URL, name: String) throws -> String {
        guard let db else { return folder.appendingPathComponent("\(name).sqlite").path }
        if PostgresURL.isPostgres(db) { return try CLIErrorWrap { try PostgresDatabases.fresh(on: db, prefix: "wm_bench") } }
        return folder.appendingPathComponent("\(name).sqlite").path
    }

    static func redacted(_ db: String) -> String { (try? PostgresURL(db))?.description ?? db }

    /// How many sessions hold event sequence numbers that are not exactly 1...n (a gap or a repeat).
    static func sequenceGaps(_ http: HTTPClient, base: String, sessions: Int) async throws -> Int {
        var bad = 0
        for session in 0..<sessions {
            var seqs: [Int64] = []
            var after: Int64 = 0
            while true {
                let response = try await http.execute(HTTPClientRequest(url: base + ServeLoad.path(session) + "/events?after=\(after)&limit=1000"), timeout: .seconds(60))
                let object = (try? JSONSerialization.jsonObject(with: Data(buffer: try await response.body.collect(upTo: 64 << 20)))) as? [String: Any]
                guard response.status == .ok, let events = object?["events"] as? [[String: Any]] else {
                    throw CLIError("listEvents failed for session s\(session): \(response.status)")
                }
                seqs += events.compactMap { ($0["seq"] as? NSNumber)?.int64Value }
                guard let next = (object?["next_after"] as? NSNumber)?.int64Value else { break }
                after = next
            }
            if !seqs.isEmpty && seqs != Array(1...Int64(seqs.count)) { bad += 1 }
        }
        return bad
    }
}
