import ArgumentParser
import Foundation
import Neural

/// `wm nn bench`: times the engine and PyTorch on the same work in one run and prints ratios.
struct NNBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark the engine against PyTorch eager (same cases, same run).",
        discussion: """
            Cases: (a) the seed model LSTM(128) → LSTM(64) → Dense(10) on x [1, 10, 100]; \
            (b) the same model streaming one timestep per call with carried state; (c) a 2-layer \
            LSTM, hidden 256, input 100, on batch 256 × 100 steps; (d) the same with GRU.

            Each case is warmed up, then the median and the best (fastest) of the samples are \
            reported, in two tables. PyTorch runs scripts/bench/bench_torch.py in eager mode (inference_mode) \
            with 2 threads and with its default; --single-thread adds both sides on 1 thread. A benchmark, \
            not a test: it prints numbers and never fails on them; it exits 1 when a side \
            cannot run (ours, or PyTorch unless --python none).

            Examples:
              swift run -c release wm nn bench --python $PYTHON --kernels --single-thread --quick
              swift run -c release wm nn bench --kernels-only --python none
            """
    )

    @Option(help: "Python with torch for the PyTorch side (omit the side with --python none).")
    var python = EnvironmentDefaults.python

    @Option(help: "The PyTorch script.")
    var torchScript = "scripts/bench/bench_torch.py"

    @Option(help: "Cases to run, a comma list of a,b,c,d.")
    var cases = "a,b,c,d"

    @Option(help: "Samples of the microsecond cases (a) and (b) (each sample times 10 or 100 calls).")
    var repeats = 100

    @Flag(help: "Fewer repeats (a smoke run).")
    var quick = false

    @Flag(help: "Also run both sides on one thread (ours with single-threaded products, torch.set_num_threads(1)): a fairer pairing when other work shares the cores.")
    var singleThread = false

    @Flag(help: "Also time the SGEMM shapes of the engine: CKernels vs OpenBLAS, 1 and 2 threads.")
    var kernels = false

    @Flag(help: "Only the SGEMM shapes (implies --kernels; no model cases, no PyTorch).")
    var kernelsOnly = false

    func validate() throws {
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
        let unknown = cases.split(separator: ",").filter { !["a", "b", "c", "d"].contains($0) }
        guard unknown.isEmpty else { throw ValidationError("--cases takes a, b, c and d, comma-separated; got '\(cases)'") }
    }

    mutating func run() throws {
        let env = ProcessInfo.processInfo.environment
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores; CKernels path \(CKernelPath.best.rawValue); "
              + "OPENBLAS_CORETYPE=\(env["OPENBLAS_CORETYPE"] ?? "unset"); engine threads \(gemmThreadLimit)")
        if kernels || kernelsOnly {
            KernelBench(quick: quick, python: python == "none" ? nil : python, torchScript: torchScript).run()
        }
        if kernelsOnly { return }

        let letters = Array("abcd")
        let selected = Set(cases.split(separator: ",").compactMap { s in
            letters.firstIndex(of: Character(String(s))).map { BenchCase.allCases[$0] }
        })
        let ours = try EngineBench(quick: quick, cases: selected, repeats: repeats).run()
        let ours1 = singleThread ? try withSerialProducts { try EngineBench(quick: quick, cases: selected, repeats: repeats).run() } : [:]
        // A PyTorch side that cannot run is an error, reported after our own numbers are printed.
        var torch: [String: [BenchCase: Timing]] = [:], torchFailure: String? = nil
        if python != "none" {
            do {
                torch = try TorchBench.run(python: python, script: torchScript, quick: quick, cases: selected,
                                           threads: singleThread ? "2,default,1" : "2,default")
            } catch { torchFailure = "\(error)" }
        }
        func pick(_ t: [BenchCase: Timing], _ best: Bool) -> [BenchCase: Double] { t.mapValues { best ? $0.best : $0.median } }
        func pick(_ t: [String: [BenchCase: Timing]], _ best: Bool, _ keep: (String) -> Bool) -> [String: [BenchCase: Double]] {
            t.filter { keep($0.key) || $0.key.hasPrefix("version ") }.mapValues { pick($0, best) }
        }
        BenchReport(ours: pick(ours, false), torch: pick(torch, false) { $0 != "1" },
                    oursLabel: "ours (\(gemmThreadLimit) threads)", statistic: "median").print()
        // The fastest sample: what each side reaches when the other jobs on the machine leave it
        // both cores for a moment (our batch-1 layers then run on two cores).
        BenchReport(ours: pick(ours, true), torch: pick(torch, true) { $0 != "1" },
                    oursLabel: "ours (\(gemmThreadLimit) threads)", statistic: "best").print()
        if singleThread {
            BenchReport(ours: pick(ours1, false), torch: pick(torch, false) { $0 == "1" },
                        oursLabel: "ours (1 thread)", statistic: "median").print()
            BenchReport(ours: pick(ours1, true), torch: pick(torch, true) { $0 == "1" },
                        oursLabel: "ours (1 thread)", statistic: "best").print()
        }
        if let torchFailure { throw CLIError("\(torchFailure) (the table above has our side only; --python none skips PyTorch)") }
    }
}

/// Median seconds per call of `body`; each sample times `inner` calls.
func medianSeconds(warmup: Int, repeats: Int, inner: Int = 1, _ body: () -> Void) -> Double {
    timing(warmup: warmup, repeats: repeats, inner: inner, body).median
}

/// Median and best (fastest sample) seconds per call.
struct Timing {
    var median: Double
    var best: Double
}

/// Times `body`: warm-up calls, then `repeats` samples of `inner` calls each.
func timing(warmup: Int, repeats: Int, inner: Int = 1, _ body: () -> Void) -> Timing {
    for _ in 0..<warmup { body() }
    var samples: [Double] = []
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<inner { body() }
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(inner))
    }
    samples.sort()
    return Timing(median: samples[samples.count / 2], best: samples[0])
}

/// The four benchmark cases, their FLOP counts (multiply-adds × 2 of the matrix products; the
/// gate math is not counted) and the engine's timings.
enum BenchCase: String, CaseIterable {
    case seedForward = "seed_forward"
    case streaming
    case lstmBatch = "lstm_batch"
    case gruBatch = "gru_batch"

    var title: String {
        switch self {
        case .seedForward: return "(a) seed model forward, x [1,10,100]"
        case .streaming: return "(b) seed model streaming, 1 step/call"
        case .lstmBatch: return "(c) LSTM 2x256, x [256,100,100]"
        case .gruBatch: return "(d) GRU 2x256, x [256,100,100]"
        }
    }

    /// FLOPs of one call.
    var flops: Double {
        // Seed step: LSTM(100→128): 2·(100+128)·512; LSTM(128→64): 2·(128+64)·256; Dense: 2·64·10.
        let seedStep: Double = 2 * Double(228 * 512 + 192 * 256 + 64 * 10)
        // 2 layers over N·T = 25 600 rows: layer 1 (100+256)·G·256, layer 2 (256+256)·G·256.
        func stack(_ gates: Double) -> Double { Double(2 * 25_600 * (356 + 512) * 256) * gates }
        switch self {
        case .seedForward: return 10 * seedStep
        case .streaming: return seedStep
        case .lstmBatch: return stack(4)
        case .gruBatch: return stack(3)
        }
    }
}

/// Random parameters scaled like PyTorch's default init, U(−1/√H, 1/√H).
struct BenchWeights {
    /// SplitMix64: fast and reproducible (the system generator costs a syscall per number).
    var rng = SeededGenerator(seed: 0x5EED)

    mutating func tensor(_ shape: [Int], hidden: Int) -> Tensor {
        let s = 1 / Float(hidden).squareRoot()
        var t = Tensor.zeros(shape)
        for i in 0..<t.count { t.scalars[i] = Float.random(in: -s..<s, using: &rng) }
        return t
    }

    mutating func lstm(_ f: Int, _ h: Int) throws -> LSTM {
        try LSTM(inputKernel: tensor([f, 4 * h], hidden: h), recurrentKernel: tensor([h, 4 * h], hidden: h),
                 inputBias: tensor([4 * h], hidden: h), recurrentBias: tensor([4 * h], hidden: h))
    }

    mutating func gru(_ f: Int, _ h: Int) throws -> GRU {
        var cell = GRU(inputSize: f, hiddenSize: h, resetAfter: true)
        cell.inputKernel = tensor([f, 3 * h], hidden: h)
        cell.recurrentKernel = tensor([h, 3 * h], hidden: h)
        cell.inputBias = tensor([3 * h], hidden: h)
        cell.recurrentBias = tensor([3 * h], hidden: h)
        return cell
    }
}

/// Times the four cases in this engine.
struct EngineBench {
    let quick: Bool
    let cases: Set<BenchCase>
    /// Samples of the microsecond cases (a), (b).
    var repeats = 100

    func run() throws -> [BenchCase: Timing] {
        do {
            var w = BenchWeights()
            let seed = Sequential([
                Recurrent(try w.lstm(100, 128)),
                Recurrent(try w.lstm(128, 64)),
                TimeDistributed(try Dense(kernel: w.tensor([64, 10], hidden: 64), bias: w.tensor([10], hidden: 64))),
            ])
            var results: [BenchCase: Timing] = [:]
            let x10 = w.tensor([1, 10, 100], hidden: 1)
            if cases.contains(.seedForward) { results[.seedForward] = timing(warmup: 50, repeats: quick ? 20 : repeats, inner: 10) {
                _ = try! seed(x10)
            } }
            let stream = try seed.stream(batchSize: 1)
            let x1 = w.tensor([1, 1, 100], hidden: 1)
            if cases.contains(.streaming) { results[.streaming] = x1.scalars.withUnsafeBufferPointer { xp in
                timing(warmup: 200, repeats: quick ? 20 : repeats, inner: 100) {
                    _ = stream.run(xp.baseAddress!, steps: 1)
                }
            } }
            let xBig = cases.isDisjoint(with: [.lstmBatch, .gruBatch]) ? Tensor.zeros([0]) : w.tensor([256, 100, 100], hidden: 1)
            if cases.contains(.lstmBatch) {
                let lstm = try Recurrent(layers: [[try w.lstm(100, 256)], [try w.lstm(256, 256)]])
                results[.lstmBatch] = timing(warmup: 1, repeats: quick ? 3 : 10) { _ = try! lstm(xBig) }
            }
            if cases.contains(.gruBatch) {
                let gru = try Recurrent(layers: [[try w.gru(100, 256)], [try w.gru(256, 256)]])
                results[.gruBatch] = timing(warmup: 1, repeats: quick ? 3 : 10) { _ = try! gru(xBig) }
            }
            return results
        } catch {
            throw CLIError("engine benchmark failed: \(error)")
        }
    }
}

/// Runs scripts/bench/bench_torch.py and reads its JSON lines: [threads label: [case: seconds]].
enum TorchBench {
    /// - Throws: `CLIError` when the script cannot start or exits with a failure.
    static func run(python: String, script: String, quick: Bool, cases: Set<BenchCase>, threads: String) throws
        -> [String: [BenchCase: Timing]]
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script, "--threads", threads,
                             "--cases", BenchCase.allCases.filter(cases.contains).map(\.rawValue).joined(separator: ",")]
            + (quick ? ["--quick"] : [])
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch {
            throw CLIError("PyTorch side could not start (\(python) \(script)): \(error)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CLIError("PyTorch side failed (\(python) \(script) exited with \(process.terminationStatus)); is torch installed for \(python)?")
        }
        var out: [String: [BenchCase: Timing]] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let name = obj["case"] as? String, let c = BenchCase(rawValue: name),
                  let median = obj["median_s"] as? Double else { continue }
            let seconds = Timing(median: median, best: obj["best_s"] as? Double ?? median)
            let label = (obj["threads"] as? String) ?? "\(obj["threads"] as? Int ?? 0)"
            let threads = obj["num_threads"] as? Int ?? 0
            let key = label == "default" ? "default (\(threads))" : label
            out[key, default: [:]][c] = seconds
            if let v = obj["torch"] as? String { out["version \(v)"] = [:] }
        }
        return out
    }

}

/// The side-by-side table.
struct BenchReport {
    let ours: [BenchCase: Double]
    let torch: [String: [BenchCase: Double]]
    var oursLabel = "ours"
    var statistic = "median"

    func print() {
        func time(_ s: Double?) -> String {
            guard let s else { return "n/a" }
            return s < 1e-3 ? String(format: "%.1f us", s * 1e6) : String(format: "%.1f ms", s * 1e3)
        }
        func gflops(_ c: BenchCase, _ s: Double?) -> String {
            guard let s else { return "" }
            return String(format: "%.1f", c.flops / s / 1e9)
        }
        let version = torch.keys.first { $0.hasPrefix("version ") }.map { String($0.dropFirst(8)) } ?? "?"
        let columns = torch.keys.filter { !$0.hasPrefix("version ") }.sorted()
        Swift.print("")
        var header = "case (\(statistic))".padding(toLength: 40, withPad: " ", startingAt: 0)
            + "\(oursLabel)".padding(toLength: 19, withPad: " ", startingAt: 0)
        for k in columns {
            header += "  | " + "torch \(k) thr".padding(toLength: 24, withPad: " ", startingAt: 0) + "GFLOP/s   speedup"
        }
        Swift.print(header)
        for c in BenchCase.allCases where ours[c] != nil || torch.values.contains(where: { $0[c] != nil }) {
            var line = c.title.padding(toLength: 40, withPad: " ", startingAt: 0)
            line += time(ours[c]).padding(toLength: 12, withPad: " ", startingAt: 0)
            line += gflops(c, ours[c]).padding(toLength: 7, withPad: " ", startingAt: 0)
            for k in columns {
                let t = torch[k]?[c]
                var ratio = "n/a"
                if let t, let o = ours[c] { ratio = String(format: "%.2fx", t / o) }
                line += "  | " + time(t).padding(toLength: 24, withPad: " ", startingAt: 0)
                line += gflops(c, t).padding(toLength: 10, withPad: " ", startingAt: 0) + ratio
            }
            Swift.print(line)
        }
        Swift.print("speedup = PyTorch time / our time (higher is better; targets: (a) >= 10x, (b) >= 20x, (c) >= 1x)")
        if !columns.isEmpty { Swift.print("torch \(version), eager, inference_mode; \(statistic) of the samples") }
    }
}
