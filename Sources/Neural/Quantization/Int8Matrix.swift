import CKernels

/// An int8 weight matrix W (K, N) packed for `ck_s8_gemm`, with its per-column scales: the
/// quantized counterpart of `PackedMatrix`. Column j is output channel j (row j of the
/// `Int8Tensor` it is built from). Immutable after init, so it can be shared across threads.
public final class Int8Matrix: @unchecked Sendable {
    /// K: inputs.
    public let rows: Int
    /// N: output channels.
    public let columns: Int
    /// The channel scales (N).
    public let scales: [Float]
    private let packed: UnsafeMutablePointer<Int8>
    private let columnSums: [Int32]

    /// Packs a quantized (channels, inputs) matrix as W (inputs, channels).
    public init(_ tensor: Int8Tensor) {
        (rows, columns, scales) = (tensor.inputs, tensor.channels, tensor.scales)
        let bytes = max(ck_s8_packed_bytes(tensor.inputs, tensor.channels), 64)
        let storage = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64).bindMemory(to: Int8.self, capacity: bytes)
        var sums = [Int32](repeating: 0, count: max(tensor.channels, 1))
        tensor.values.withUnsafeBufferPointer { w in
            sums.withUnsafeMutableBufferPointer { s in
                ck_s8_pack(tensor.inputs, tensor.channels, w.baseAddress, storage, s.baseAddress)
            }
        }
        packed = storage
        columnSums = sums
    }

    /// Bytes of the packed weights and scales (the padding to 4 rows and 16 columns included).
    public var byteCount: Int { ck_s8_packed_bytes(rows, columns) + 4 * columns }

    /// C (m, N) ← [C +] Q(A) · W: each row of A (m, K) is quantised to int8 (symmetric, per
    /// row), multiplied in int32 and rescaled by its scale times the column's.
    /// - Parameters:
    ///   - m: rows of A and C.  - a: A, row stride `lda`.
    ///   - accumulate: add to C instead of overwriting it.  - c: C, row stride `ldc`.
    ///   - path: instruction set (lowered to what the CPU supports).
    public func product(
        m: Int, a: UnsafePointer<Float>, lda: Int, accumulate: Bool, c: UnsafeMutablePointer<Float>, ldc: Int,
        path: Int8KernelPath = .best
    ) {
        guard m > 0, columns > 0 else { return }
        scales.withUnsafeBufferPointer { s in
            columnSums.withUnsafeBufferPointer { sums in
                ck_s8_gemm(path.c, m, columns, rows, a, lda, packed, s.baseAddress, sums.baseAddress,
                           accumulate ? 1 : 0, c, ldc)
            }
        }
    }

    deinit { UnsafeMutableRawPointer(packed).deallocate() }
}
