import AsyncHTTPClient
import Foundation
import NIOCore
import WorkingMemory

/// The clients of `wm bench serve` and the direct-engine run of the same mix.
enum ServeLoad {
    struct Result: Sendable {
        var append = LatencyStats()
        var context = LatencyStats()
        var errors = 0
        var errorSamples: [String] = []
        /// Acknowledged event sequence numbers by session index.
        var acknowledged: [Int: [Int64]] = [:]
        var duration = 0.0
        /// Failed requests by the replica (index into the bases) they went to.
        var errorsByReplica: [Int: Int] = [:]
        /// appendEvents acknowledged by each replica.
        var appendsByReplica: [Int: Int] = [:]
    }

    static func path(_ session: Int) -> String { "/v1/users/bench/agents/serve/sessions/s\(session)" }

    /// `clients` clients send the mix until `seconds` pass (or, with `stopOnError`, until the server goes away).
    static func run(_ http: HTTPClient, base: String, clients: Int, mix: ServeMix, seconds: Double, stopOnError: Bool,
                    seed: UInt64 = 1) async -> Result {
        await run(http, bases: [base], clients: clients, mix: mix, seconds: seconds, stopOnError: stopOnError, seed: seed)
    }

    /// The clients spread over several replicas (client c starts on bases[c % count]); with more than one, a
    /// client whose replica fails moves on to the next one (what a load balancer does).
    static func run(_ http: HTTPClient, bases: [String], clients: Int, mix: ServeMix, seconds: Double, stopOnError: Bool,
                    seed: UInt64 = 1) async -> Result {
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int(seconds * 1000))
        var total = await withTaskGroup(of: Result.self) { group in
            for c in 0..<clients {
                group.addTask {
                    var rng = BenchRandom(seed: seed &+ UInt64(c) &* 7919)
                    var result = Result()
                    var k = 0
                    var replica = c % bases.count
                    while ContinuousClock.now < deadline {
                        let (op, session) = mix.next(&rng)
                        let base = bases[replica]
                        var request = HTTPClientRequest(url: base + path(session) + (op == .appendEvents ? "/events" : "/context"))
                        request.method = .POST
                        request.headers.add(name: "Content-Type", value: "application/json")
                        let body: [String: Any] = op == .appendEvents
                            ? ["role": "user", "text": ServeMix.eventText(client: c, k: k, &rng)]
                            : ["query": ServeMix.query(&rng), "budget": ServeMix.budget]
                        k += 1
                        request.body = .bytes(ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: body)) ?? Data()))
                        let sent = ContinuousClock.now
                        do {
                            let response = try await http.execute(request, timeout: .seconds(60))
                            let bytes = try await response.body.collect(upTo: 16 << 20)
                            let elapsed = (ContinuousClock.now - sent) / .seconds(1)
                            let expected: UInt = op == .appendEvents ? 201 : 200
                            guard response.status.code == expected else {
                                result.errors += 1
                                result.errorsByReplica[replica, default: 0] += 1
                                if result.errorSamples.count < 1 { result.errorSamples.append("\(response.status.code) \(String(buffer: bytes).prefix(200))") }
                                continue
                            }
                            if op == .appendEvents {
                                result.append.add(elapsed)
                                result.appendsByReplica[replica, default: 0] += 1
                                if let seq = receptionSeq(bytes) { result.acknowledged[session, default: []].append(seq) }
                            } else {
                                result.context.add(elapsed)
                            }
                        } catch {
                            if bases.count > 1 {
                                result.errors += 1
                                result.errorsByReplica[replica, default: 0] += 1
                                if result.errorSamples.count < 1 { result.errorSamples.append("replica \(replica): \(error)") }
                                replica = (replica + 1) % bases.count
                                continue
                            }
                            if stopOnError { break }
                            result.errors += 1
                            if result.errorSamples.count < 1 { result.errorSamples.append("\(error)") }
                        }
                    }
                    return result
                }
            }
            var total = Result()
            for await r in group {
                total.append.add(r.append)
                total.context.add(r.context)
                total.errors += r.errors
                total.errorSamples += r.errorSamples.prefix(max(0, 2 - total.errorSamples.count))
                for (s, seqs) in r.acknowledged { total.acknowledged[s, default: []] += seqs }
                for (i, n) in r.errorsByReplica { total.errorsByReplica[i, default: 0] += n }
                for (i, n) in r.appendsByReplica { total.appendsByReplica[i, default: 0] += n }
            }
            return total
        }
        total.duration = min(seconds, (ContinuousClock.now - start) / .seconds(1))
        return total
    }

    static func receptionSeq(_ body: ByteBuffer) -> Int64? {
        let object = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any]
        let receptions = object?["receptions"] as? [[String: Any]]
        return (receptions?.first?["seq"] as? NSNumber)?.int64Value
    }

    /// Creates the sessions (PUT) before the clock starts, so a getContext never meets a missing session.
    static func createSessions(_ http: HTTPClient, base: String, count: Int) async throws {
        for session in 0..<count {
            var request = HTTPClientRequest(url: base + path(session))
            request.method = .PUT
            let response = try await http.execute(request, timeout: .seconds(60))
            _ = try await response.body.collect(upTo: 1 << 20)
            guard response.status == .ok || response.status == .created else {
                throw CLIError("PUT session s\(session) failed: \(response.status)")
            }
        }
    }

    /// Reads every session back through listEvents; lost = acknowledged sequence numbers not found.
    static func countBack(_ http: HTTPClient, base: String, acknowledged: [Int: [Int64]]) async throws -> (acked: Int, found: Int, lost: Int) {
        var acked = 0, found = 0, lost = 0
        for (session, seqs) in acknowledged.sorted(by: { $0.key < $1.key }) {
            var stored = Set<Int64>()
            var after: Int64 = 0
            while true {
                let response = try await http.execute(HTTPClientRequest(url: base + path(session) + "/events?after=\(after)&limit=1000"), timeout: .seconds(60))
                let object = (try? JSONSerialization.jsonObject(with: Data(buffer: try await response.body.collect(upTo: 64 << 20)))) as? [String: Any]
                guard response.status == .ok, let events = object?["events"] as? [[String: Any]] else {
                    throw CLIError("listEvents failed for session s\(session): \(response.status)")
                }
                for e in events { if let seq = (e["seq"] as? NSNumber)?.int64Value { stored.insert(seq) } }
                guard let next = (object?["next_after"] as? NSNumber)?.int64Value else { break }
                after = next
            }
            acked += seqs.count
            found += stored.count
            lost += seqs.filter { !stored.contains($0) }.count
        }
        return (acked, found, lost)
    }

    /// The same mix on the engine in this process: `threads` threads call receive and context directly.
    static func direct(db: String, threads: Int, mix: ServeMix, seconds: Double) throws -> Result {
        let store = try MemoryStore(path: db)
        let sessions = try (0..<mix.sessions).map { s in
            try MemorySession.begin(try Namespace(user: "bench", agent: "direct", session: "s\(s)"), in: store)
        }
        let total = Totals()
        let start = Date()
        let deadline = start.addingTimeInterval(seconds)
        let group = DispatchGroup()
        for t in 0..<threads {
            group.enter()
            let thread = Thread {
                var rng = BenchRandom(seed: 1 &+ UInt64(t) &* 7919)
                var result = Result()
                var k = 0
                while Date() < deadline {
                    let (op, s) = mix.next(&rng)
                    let sent = ContinuousClock.now
                    do {
                        if op == .appendEvents {
                            _ = try sessions[s].receive(MemoryEvent(.user, ServeMix.eventText(client: t, k: k, &rng)))
                            result.append.add((ContinuousClock.now - sent) / .seconds(1))
                        } else {
                            _ = try sessions[s].context(for: ServeMix.query(&rng), budget: ServeMix.budget)
                            result.context.add((ContinuousClock.now - sent) / .seconds(1))
                        }
                    } catch { result.errors += 1 }
                    k += 1
                }
                total.add(result)
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        var result = total.result
        result.duration = Date().timeIntervalSince(start)
        return result
    }

    /// The threads' results, summed under a lock.
    final class Totals: @unchecked Sendable {
        private let lock = NSLock()
        private var sum = Result()
        func add(_ r: Result) {
            lock.withLock {
                sum.append.add(r.append)
                sum.context.add(r.context)
                sum.errors += r.errors
            }
        }
        var result: Result { lock.withLock { sum } }
    }
}
