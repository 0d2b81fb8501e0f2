import ArgumentParser
import Foundation
import Neural
import WorkingMemory

/// `wm bench memory`: ingestion, receive() and context() latency with a large file-backed session.
struct BenchMemory: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory",
        abstract: "Measure bulk ingestion, receive() p99 and context() p99 with N items in a file-backed session.",
        discussion: """
        Targets: receive() p99 < 2 ms and context() p99 < 10 ms at 100,000 items; bulk ingestion > 20,000 items/s.
        Prints wall time and, for ingestion, CPU time (the machine may be shared).
        Build with -c release. Example:
          swift run -c release wm bench memory --items 100000
        """
    )

    @Option(help: "Items to ingest before measuring.")
    var items = 100_000
    @Option(help: "Events for the gated bulk ingestion (receive(contentsOf:)) after the import.")
    var gated = 10_000
    @Option(help: "Single receive() calls to time.")
    var turns = 1000
    @Option(help: "context() calls to time.")
    var queries = 300
    @Option(help: "Token budget of each context.")
    var budget = 1024
    @Option(help: "Database file (default: a temporary file, removed afterwards).")
    var db: String?
    @Option(help: "Turns whose words make the benchmark text (JSONL with a `text` field).")
    var corpusItems = EnvironmentDefaults.evalData("queries/locomo_items.jsonl")
    @Option(help: "Questions used as context() queries (JSONL with a `question` field).")
    var corpusQueries = EnvironmentDefaults.evalData("queries/locomo_queries.jsonl")

    func validate() throws {
        guard items >= 1 else { throw ValidationError("--items must be at least 1, got \(items)") }
        guard gated >= 0 else { throw ValidationError("--gated must be 0 or more, got \(gated)") }
        guard turns >= 1 else { throw ValidationError("--turns must be at least 1 (the latencies need a sample), got \(turns)") }
        guard queries >= 1 else { throw ValidationError("--queries must be at least 1 (the latencies need a sample), got \(queries)") }
        guard budget >= 1 else { throw ValidationError("--budget must be at least 1 token, got \(budget)") }
    }

    func run() throws {
        let path = db ?? FileManager.default.temporaryDirectory.appendingPathComponent("wm-bench-\(getpid()).sqlite").path
        defer { if db == nil { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } } }
        var rng = BenchRandom(seed: 42)
        // Text with real term statistics: words drawn from LoCoMo's turns (unigram model) and its questions as
        // queries, when the evaluation data is there; else synthetic words. 10% of turns are Chinese.
        let corpus = BenchCorpus(itemsPath: corpusItems, queriesPath: corpusQueries)
        let zh = Array("我你他她们的是在有和了不这那上下天年月日人家去来说想要喜欢工作学习朋友妹妹城市北京上海旅行会议生日")
        func sentence(_ rng: inout BenchRandom) -> String {
            if rng.next() % 10 == 0 { return String((0..<(8 + Int(rng.next() % 20))).map { _ in zh[Int(rng.next() % UInt64(zh.count))] }) }
            let n = 6 + Int(rng.next() % 18)
            return (0..<n).map { _ in corpus.words[Int(rng.next() % UInt64(corpus.words.count))] }.joined(separator: " ")
        }
        print("text: \(corpus.source)")
        let store = try CLIErrorWrap { try MemoryStore(path: path) }
        let session = try CLIErrorWrap { try MemorySession.begin(try Namespace(user: "bench", agent: "bench", session: "bench-\(getpid())"), in: store, .empty) }
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        print("wm bench memory: \(items) items, file \(path); load average \(loadAverage())")

        // 1. Bulk import: importItems (no gates), batches of 10,000 in one transaction each.
        var t0 = DispatchTime.now()
        var c0 = cpuSeconds()
        var ingested = 0
        let batch = 10_000
        while ingested < items {
            let n = min(batch, items - ingested)
            var events: [MemoryEvent] = []
            events.reserveCapacity(n)
            for k in 0..<n {
                let role: MemoryEvent.Role = k % 2 == 0 ? .user : .assistant
                let time = start.addingTimeInterval(Double(ingested + k) * 30)
                events.append(MemoryEvent(role, sentence(&rng), time: time, speaker: k % 2 == 0 ? "Ana" : "Bot",
                                          episode: "b\((ingested + k) / 25)"))
            }
            try CLIErrorWrap { _ = try session.importItems(events) }
            ingested += n
        }
        var wall = Double(DispatchTime.now().uptimeNanoseconds - t0.uptimeNanoseconds) / 1e9
        var cpu = cpuSeconds() - c0
        print("bulk import (importItems, \(batch) per transaction): \(ingested) items in \(fmt(wall, 2)) s = \(Int(Double(ingested) / wall)) items/s wall, \(Int(Double(ingested) / cpu)) items/s of CPU time (target > 20,000)")

        // 1b. Gated bulk ingestion: receive(contentsOf:) runs every gate per event, one transaction per batch.
        let gatedCount = min(gated, items)
        var gatedEvents: [MemoryEvent] = []
        for k in 0..<gatedCount {
            gatedEvents.append(MemoryEvent(k % 2 == 0 ? .user : .assistant, sentence(&rng),
                                           time: start.addingTimeInterval(Double(items + k) * 30), speaker: k % 2 == 0 ? "Ana" : "Bot",
                                           episode: "b\((items + k) / 25)"))
        }
        t0 = DispatchTime.now()
        c0 = cpuSeconds()
        for chunk in stride(from: 0, to: gatedEvents.count, by: 5000) {
            let slice = Array(gatedEvents[chunk..<min(chunk + 5000, gatedEvents.count)])
            try CLIErrorWrap { _ = try session.receive(contentsOf: slice) }
        }
        wall = Double(DispatchTime.now().uptimeNanoseconds - t0.uptimeNanoseconds) / 1e9
        cpu = cpuSeconds() - c0
        print("gated bulk receive(contentsOf:): \(gatedCount) events in \(fmt(wall, 2)) s = \(Int(Double(gatedCount) / wall)) events/s wall, \(Int(Double(gatedCount) / cpu)) events/s of CPU time; \(session.items.count) items now")

        // 2. receive() of single turns, each its own transaction.
        var receiveMs: [Double] = []
        var receiveCPU: [Double] = []
        for k in 0..<turns {
            let e = MemoryEvent(.user, sentence(&rng), time: start.addingTimeInterval(Double(items + gatedCount + k) * 30), speaker: "Ana",
                                episode: "b\((items + gatedCount + k) / 25)")
            t0 = DispatchTime.now()
            c0 = cpuSeconds()
            try CLIErrorWrap { _ = try session.receive(e) }
            receiveMs.append(Double(DispatchTime.now().uptimeNanoseconds - t0.uptimeNanoseconds) / 1e6)
            receiveCPU.append((cpuSeconds() - c0) * 1e3)
        }
        print("receive(): \(turns) turns, wall p50 \(fmt(pct(receiveMs, 50))) ms, p99 \(fmt(pct(receiveMs, 99))) ms, max \(fmt(receiveMs.max() ?? 0)) ms; CPU p50 \(fmt(pct(receiveCPU, 50))) ms, p99 \(fmt(pct(receiveCPU, 99))) ms (target p99 < 2 ms)")

        // 3. context() for a question.
        var contextMs: [Double] = []
        var contextCPU: [Double] = []
        for _ in 0..<queries {
            let q = corpus.questions.isEmpty ? sentence(&rng).split(separator: " ").prefix(8).joined(separator: " ") + "?"
                : corpus.questions[Int(rng.next() % UInt64(corpus.questions.count))]
            t0 = DispatchTime.now()
            c0 = cpuSeconds()
            try CLIErrorWrap { _ = try session.context(for: q, budget: budget) }
            contextMs.append(Double(DispatchTime.now().uptimeNanoseconds - t0.uptimeNanoseconds) / 1e6)
            contextCPU.append((cpuSeconds() - c0) * 1e3)
        }
        print("context(): \(queries) queries, budget \(budget), wall p50 \(fmt(pct(contextMs, 50))) ms, p99 \(fmt(pct(contextMs, 99))) ms, max \(fmt(contextMs.max() ?? 0)) ms; CPU p50 \(fmt(pct(contextCPU, 50))) ms, p99 \(fmt(pct(contextCPU, 99))) ms (target p99 < 10 ms)")
    }

    /// CPU time of this thread: the machine is shared, so wall time alone overstates the cost under load.
    func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    func loadAverage() -> String {
        var loads = [Double](repeating: 0, count: 3)
        return getloadavg(&loads, 3) == 3 ? loads.map { fmt($0, 2) }.joined(separator: " ") : "?"
    }

    func pct(_ xs: [Double], _ p: Double) -> Double {
        let s = xs.sorted()
        guard !s.isEmpty else { return 0 }
        return s[min(s.count - 1, Int((p / 100 * Double(s.count)).rounded(.up)) - 1)]
    }
}

/// Reproducible benchmark text (Neural's SplitMix64 `SeededGenerator`).
struct BenchRandom {
    var generator: SeededGenerator
    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }
    mutating func next() -> UInt64 { generator.next() }

    static func word(_ rng: inout BenchRandom) -> String {
        let syllables = ["ka", "lo", "mi", "ter", "san", "du", "ve", "ri", "po", "nel", "ar", "bi", "chu", "ost", "em"]
        return (0..<(1 + Int(rng.next() % 3))).map { _ in syllables[Int(rng.next() % UInt64(syllables.count))] }.joined()
    }
}

/// Words and questions for the benchmark.
struct BenchCorpus {
    var words: [String] = []
    var questions: [String] = []
    var source = ""

    init(itemsPath: String, queriesPath: String) {
        struct Text: Decodable { var text: String? ; var question: String? }
        func texts(_ path: String) -> [Text] {
            guard let data = FileManager.default.contents(atPath: path) else { return [] }
            return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { try? JSONDecoder().decode(Text.self, from: Data($0.utf8)) }
        }
        words = texts(itemsPath).compactMap(\.text).flatMap { $0.split(separator: " ").map(String.init) }
        questions = texts(queriesPath).compactMap(\.question)
        if words.isEmpty {
            var rng = BenchRandom(seed: 7)
            words = (0..<20_000).map { _ in BenchRandom.word(&rng) }
            source = "synthetic words (no \(itemsPath))"
        } else {
            source = "\(words.count) words of \(itemsPath) (unigram model), \(questions.count) questions as queries"
        }
    }
}
