import ArgumentParser
import Foundation
import WorkingMemory

/// `wm bench crash`: kills a writer process at random moments and checks that every acknowledged event survived.
struct BenchCrash: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crash",
        abstract: "Kill a process mid-ingestion (SIGKILL) and check that no acknowledged event is lost.",
        discussion: """
        Starts `wm bench crash --child` on a fresh database; the child receives events and prints "ack N" after
        each receive() returns. The parent kills it after a random delay, reopens the database and checks that
        events 1...N are all there, in order, and that the session restores. Repeats --rounds times.
          swift run -c release wm bench crash --rounds 5
        """
    )

    @Option(help: "How many kill-and-check rounds.")
    var rounds = 5
    @Flag(help: "Run as the writer child (internal).")
    var child = false
    @Option(help: "Database file (child mode).")
    var db: String?

    func run() throws {
        if child { try runChild(); return }
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1, got \(rounds)") }
        var rng = BenchRandom(seed: UInt64(getpid()))
        for round in 1...rounds {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("wm-crash-\(getpid())-\(round).sqlite").path
            defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
            process.arguments = ["bench", "crash", "--child", "--db", path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let delay = 0.3 + Double(rng.next() % 1000) / 1000
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let acked = out.split(separator: "\n").compactMap { $0.hasPrefix("ack ") ? Int64($0.dropFirst(4)) : nil }.max() ?? 0
            let session = try CLIErrorWrap {
                try MemorySession.begin(try Namespace(user: "crash", agent: "crash", session: "crash"), in: try MemoryStore(path: path), .restored)
            }
            let events = try CLIErrorWrap { try session.events() }
            let seqs = events.map(\.seq)
            let ok = seqs.count >= Int(acked) && seqs.prefix(Int(acked)) == ArraySlice(1...max(1, acked)).prefix(Int(acked))
            print("round \(round): killed after \(fmt(delay, 2)) s; acknowledged \(acked), stored \(seqs.count) events, \(session.items.count) items restored: \(ok ? "OK" : "LOST EVENTS")")
            if !ok { throw CLIError("acknowledged events were lost in round \(round)") }
        }
        print("no acknowledged event lost in \(rounds) kills")
    }

    func runChild() throws {
        guard let db else { throw CLIError("--child needs --db") }
        let session = try CLIErrorWrap {
            try MemorySession.begin(try Namespace(user: "crash", agent: "crash", session: "crash"), in: try MemoryStore(path: db), .empty)
        }
        var k = 0
        while true {
            k += 1
            let r = try CLIErrorWrap { try session.receive(MemoryEvent(.user, "Event \(k): Maria painted sunrise number \(k) over the lake.", time: Date(timeIntervalSince1970: 1_700_000_000 + Double(k)))) }
            // Unbuffered: the ack must leave the process before the next event starts.
            FileHandle.standardOutput.write(Data("ack \(r.eventSeq)\n".utf8))
        }
    }
}
