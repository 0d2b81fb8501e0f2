import Foundation
import Neural

/// `wm nn bench --kernels`: the engine's SGEMM shapes through every kernel, 1 and 2 threads.
struct KernelBench {
    let quick: Bool
    /// Python with torch for the torch.mm columns (nil: none).
    var python: String? = nil
    var torchScript = "scripts/bench/bench_torch.py"

    /// (label, m, n, k): a recurrent step at batch 256, half of it (one core's share), the input
    /// projection of 256 × 100 steps, the streaming GEMVs of the seed model, its 10-step projection.
    static let shapes: [(String, Int, Int, Int)] = [
        ("recurrent step N=256", 256, 1024, 256),
        ("recurrent step N=128", 128, 1024, 256),
        ("input projection", 25_600, 1024, 100),
        ("stream GEMV layer 1", 1, 512, 228),
        ("stream GEMV layer 2", 1, 256, 192),
        ("seed projection T=10", 10, 512, 100),
    ]

    /// torch.mm times from scripts/bench/bench_torch.py --gemm: [threads: [label: seconds]].
    func torchTimes() -> [Int: [String: Double]] {
        guard let python else { return [:] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, torchScript, "--gemm", "--threads", "1,2"] + (quick ? ["--quick"] : [])
        let pipe = Pipe()
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return [:] }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var out: [Int: [String: Double]] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let label = obj["gemm"] as? String, let threads = obj["num_threads"] as? Int,
                  let seconds = obj["median_s"] as? Double else { continue }
            out[threads, default: [:]][label] = seconds
        }
        return out
    }

    func run() {
        let torch = torchTimes()
        print("")
        print("SGEMM C = A·B (row-major, no transposes), median time and GFLOP/s")
        print("shape".padding(toLength: 24, withPad: " ", startingAt: 0) + "m x n x k".padding(toLength: 20, withPad: " ", startingAt: 0)
              + "native 1T        native 2T        packed 1T        AVX2 1T          OpenBLAS 1T      OpenBLAS 2T"
              + (torch.isEmpty ? "" : "      torch.mm 1T      torch.mm 2T"))
        for (label, m, n, k) in Self.shapes {
            var a = [Float](repeating: 0, count: m * k), b = [Float](repeating: 0, count: k * n)
            for i in a.indices { a[i] = Float.random(in: -1..<1) }
            for i in b.indices { b[i] = Float.random(in: -1..<1) }
            var c = [Float](repeating: 0, count: m * n)
            let flops = 2.0 * Double(m * n * k)
            let big = flops > 1e9
            let inner = max(1, Int(2e7 / flops))
            let repeats = quick ? 5 : (big ? 5 : 30)
            var cells: [String] = []
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    c.withUnsafeMutableBufferPointer { cp in
                        let packed = PackedMatrix(rows: k, columns: n, b: bp.baseAddress!, ldb: n)
                        func cell(_ s: Double) -> String {
                            let t = s < 1e-3 ? String(format: "%.1fus", s * 1e6) : String(format: "%.2fms", s * 1e3)
                            return "\(t) \(String(format: "%.0f", flops / s / 1e9))".padding(toLength: 17, withPad: " ", startingAt: 0)
                        }
                        func time(_ kernel: GEMMKernel, threads: Int) -> String {
                            cell(medianSeconds(warmup: 2, repeats: repeats, inner: inner) {
                                sgemm(m: m, n: n, k: k, a: ap.baseAddress!, lda: k, b: bp.baseAddress!, ldb: n,
                                      c: cp.baseAddress!, ldc: n, kernel: kernel, threads: threads)
                            })
                        }
                        cells.append(time(.native, threads: 1))
                        cells.append(time(.native, threads: 2))
                        cells.append(cell(medianSeconds(warmup: 2, repeats: repeats, inner: inner) {
                            sgemm(m: m, a: ap.baseAddress!, lda: k, packedB: packed, c: cp.baseAddress!, ldc: n, threads: 1)
                        }))
                        cells.append(time(.nativeAVX2, threads: 1))
                        setOpenBLASThreads(1)
                        cells.append(time(.openBLAS, threads: 1))
                        setOpenBLASThreads(2)
                        cells.append(time(.openBLAS, threads: 2))
                        setOpenBLASThreads(1)
                        for t in [1, 2] where !torch.isEmpty {
                            cells.append(torch[t]?[label].map(cell) ?? "n/a".padding(toLength: 17, withPad: " ", startingAt: 0))
                        }
                    }
                }
            }
            print(label.padding(toLength: 24, withPad: " ", startingAt: 0)
                  + "\(m) x \(n) x \(k)".padding(toLength: 20, withPad: " ", startingAt: 0) + cells.joined())
        }
        print("(GFLOP/s after each time; OpenBLAS runs its Haswell/AVX2 kernels here when OPENBLAS_CORETYPE=Haswell)")
    }
}
