import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import OpenAIStandIn

/// `wm bench proxy`: what the memory proxy adds to a streamed chat call, against calling the upstream directly.
struct BenchProxy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy",
        abstract: "Measure the memory proxy's added latency per streamed call over calling the upstream directly.",
        discussion: """
        Starts the OpenAI stand-in on loopback, answering every call at once with a fixed streamed answer (not a
        model), and `wm serve` in front of it as the memory proxy, on a fresh database. --streams clients then send
        streamed chat calls (stream_options.include_usage) for --seconds, first straight to the stand-in, then
        through the proxy (one session per client: each call assembles a context, forwards, streams back and
        stores the turn). A call is timed from its request to the end of its stream ([DONE]). Prints p50/p99/max
        of both paths, the p50 added and the ratio, and the errors (a status other than 200 or a stream without
        [DONE]).
          swift run -c release wm bench proxy --streams 100 --seconds 20
        """
    )

    @Option(help: "Concurrent streams (clients, one connection each).")
    var streams = 100
    @Option(help: "Seconds measured per path (after a warm-up of a tenth as long).")
    var seconds = 20.0
    @Option(help: "Tokens of context per proxied call (X-WM-Budget).")
    var budget = 1024

    func validate() throws {
        if streams < 1 { throw ValidationError("--streams must be at least 1 (got \(streams))") }
        if !(seconds > 0 && seconds.isFinite) { throw ValidationError("--seconds must be > 0 (got \(seconds))") }
        if budget < 1 { throw ValidationError("--budget must be at least 1 (got \(budget))") }
    }

    /// The stand-in's answer to every call: a short streamed answer with its usage chunk, written at once.
    static let answer: StandInReply = {
        let words = ["The ", "harbour ", "of ", "Porto ", "has ", "red ", "boats."]
        var payloads = words.map { #"{"id":"b","object":"chat.completion.chunk","model":"echo","choices":[{"index":0,"delta":{"content":"\#($0)"},"finish_reason":null}]}"# }
        payloads.append(#"{"id":"b","object":"chat.completion.chunk","model":"echo","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#)
        payloads.append(#"{"id":"b","object":"chat.completion.chunk","model":"echo","choices":[],"usage":{"prompt_tokens":40,"completion_tokens":7,"total_tokens":47}}"#)
        return .stream(pieces: [Array(StandInReply.events(payloads).utf8)], gap: .zero)
    }()

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wm-bench-proxy-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        print("wm bench proxy: \(streams) concurrent streams, \(fmt(seconds, 0)) s per path, budget \(budget); load before: \(BenchServe.loadAverage())")
        let upstream = try await StandInServer.start(otherwise: Self.answer)
        let server = try ServerChild(db: folder.appendingPathComponent("proxy.sqlite").path,
                                     extra: ["--base-url", upstream.baseURL, "--model", "echo", "--retries", "0"])
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(
            connectionPool: .init(idleTimeout: .seconds(120), concurrentHTTP1ConnectionsPerHostSoftLimit: streams)))
        let direct = await measure(http, url: "\(upstream.baseURL)/chat/completions", proxied: false)
        let proxied = await measure(http, url: "\(server.baseURL)/v1/chat/completions", proxied: true)
        try await http.shutdown()
        server.signal(SIGTERM)
        server.wait()
        await upstream.stop()

        print("\nstreamed chat calls, request to [DONE] (\(ProcessInfo.processInfo.activeProcessorCount) cores shared by the clients, the proxy and the upstream):")
        print(LatencyStats.header)
        print(direct.latency.row("direct", over: direct.duration))
        print(proxied.latency.row("proxy", over: proxied.duration))
        print("errors: direct \(direct.errors), proxy \(proxied.errors)\(proxied.sample.map { " (first: \($0))" } ?? "")")
        let added = proxied.latency.percentileMs(50) - direct.latency.percentileMs(50)
        print("p50 added by the proxy: \(fmt(added, 2)) ms per call (target <= 5 ms); p50 proxy / direct = \(fmt(proxied.latency.percentileMs(50) / max(direct.latency.percentileMs(50), 1e-9), 2))")
        print("load after: \(BenchServe.loadAverage())")
        if direct.errors + proxied.errors > 0 { throw CLIError("\(direct.errors + proxied.errors) calls failed") }
    }

    struct Phase: Sendable {
        var latency = LatencyStats()
        var errors = 0
        var sample: String?
        var duration = 0.0
    }

    /// `streams` clients calling `url` in a loop: a warm-up, then `seconds` measured.
    func measure(_ http: HTTPClient, url: String, proxied: Bool) async -> Phase {
        let warmUp = max(1, seconds / 10), measured = seconds, streams = streams, budget = budget
        let start = ContinuousClock.now
        let from = start + .seconds(warmUp), until = start + .seconds(warmUp + measured)
        let results = await withTaskGroup(of: Phase.self) { group in
            for client in 0..<streams {
                group.addTask {
                    var phase = Phase(), n = 0
                    while ContinuousClock.now < until {
                        n += 1
                        let body = #"{"model":"echo","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Note \#(n) of client \#(client): the harbour of Porto has \#(n % 17) red boats."}]}"#
                        var request = HTTPClientRequest(url: url)
                        request.method = .POST
                        request.headers.add(name: "content-type", value: "application/json")
                        if proxied {
                            request.headers.add(name: "x-wm-session", value: "bench/proxy/client\(client)")
                            request.headers.add(name: "x-wm-budget", value: "\(budget)")
                        }
                        request.body = .bytes(ByteBuffer(string: body))
                        let sent = ContinuousClock.now
                        var failure: String?
                        do {
                            let response = try await http.execute(request, timeout: .seconds(30))
                            let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
                            if response.status != .ok { failure = "HTTP \(response.status.code): \(text.prefix(200))" }
                            else if !text.contains("data: [DONE]") { failure = "a stream without [DONE]: \(text.suffix(200))" }
                        } catch { failure = "\(error)" }
                        let took = ContinuousClock.now - sent
                        guard sent >= from else { continue }
                        if let failure { phase.errors += 1; if phase.sample == nil { phase.sample = failure } }
                        else { phase.latency.add(Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18) }
                    }
                    return phase
                }
            }
            var all = Phase()
            for await p in group {
                all.latency.add(p.latency)
                all.errors += p.errors
                all.sample = all.sample ?? p.sample
            }
            return all
        }
        var phase = results
        phase.duration = measured
        return phase
    }
}
