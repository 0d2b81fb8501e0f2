import Foundation
import Testing

/// Several `wm` processes on one session file, as two agents of one user or the CLI beside `wm serve` are.
@Suite struct ManyWriterProcessesTests {
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var failures: [String] = []
        private(set) var calls = 0
        func record(_ r: WMProcess.Result, _ what: String) {
            lock.withLock {
                calls += 1
                if r.status != 0 { failures.append("\(what): \(r.stderr)") }
            }
        }
    }

    @Test func threeWritersAndAReaderLoseNoCallAndNoEvent() throws {
        let t = try TemporaryFolder()
        let db = t.path("m.sqlite")
        let writers = 3, perWriter = 100
        let writes = Tally(), reads = Tally()
        let done = DispatchGroup()
        let finished = ManagedFlag()
        for w in 1...writers {
            DispatchQueue.global().async(group: done) {
                for k in 1...perWriter {
                    let r = (try? WMProcess.run(["remember", "--db", db, "writer \(w) says number \(k) about topic w\(w)k\(k)"]))
                        ?? WMProcess.Result(status: -1, stdout: "", stderr: "could not start wm")
                    writes.record(r, "writer \(w) #\(k)")
                }
            }
        }
        let reader = DispatchGroup()
        DispatchQueue.global().async(group: reader) {
            while !finished.value {
                let r = (try? WMProcess.run(["context", "--db", db, "what did writer 2 say about the topic"]))
                    ?? WMProcess.Result(status: -1, stdout: "", stderr: "could not start wm")
                // The first contexts may come before any writer created the session.
                if !(r.status != 0 && r.stderr.contains("no session")) { reads.record(r, "context") }
            }
        }
        done.wait()
        finished.set()
        reader.wait()
        #expect(writes.calls == writers * perWriter)
        #expect(writes.failures.isEmpty, "\(writes.failures.count) failed writes, first: \(writes.failures.prefix(2))")
        #expect(reads.calls > 0)
        #expect(reads.failures.isEmpty, "\(reads.failures.count) of \(reads.calls) contexts failed, first: \(reads.failures.prefix(2))")
        let inspect = try WMProcess.run(["inspect", "--db", db, "--decisions", "0"])
        #expect(inspect.status == 0, "\(inspect.stderr)")
        let head = inspect.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(head.hasSuffix("turn \(writers * perWriter)"), "\(head)")
        for w in 1...writers {
            let r = try WMProcess.run(["recall", "--db", db, "--limit", "1", "w\(w)k\(perWriter)"])
            #expect(r.stdout.contains("writer \(w) says number \(perWriter) "), "\(r.stdout)")
        }
    }
}

/// A flag set once by one thread and read by another.
final class ManagedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    var value: Bool { lock.withLock { flag } }
    func set() { lock.withLock { flag = true } }
}
