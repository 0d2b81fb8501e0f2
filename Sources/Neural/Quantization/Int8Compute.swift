/// How a quantized layer computes its products: with the int8 kernel (activations quantised
/// per row on the fly) or with its weights dequantised into the float GEMM.
///
/// The int8 kernel reads a quarter of the weight bytes and wins where a product is bound by
/// reading weights: few rows (a streamed step, a short sequence). The float GEMM's register
/// tiles reuse each weight across 14 rows and win on large batches. `automatic` picks by the
/// rows of each product, at the crossover `wm nn bench-lean --kernels` measures.
public enum Int8Compute: Sendable, Equatable {
    /// The int8 kernel for products of at most `int8RowLimit` rows, the float GEMM above.
    case automatic
    /// Always the int8 kernel.
    case int8
    /// Always the float GEMM on the dequantised weights (no activation quantization).
    case dequantized

    /// Rows up to which `automatic` takes the int8 kernel (measured: docs/lean.md).
    public static let int8RowLimit = 64

    /// Whether a product of `rows` rows runs the int8 kernel.
    func usesInt8(rows: Int) -> Bool {
        switch self {
        case .automatic: return rows <= Self.int8RowLimit
        case .int8: return true
        case .dequantized: return false
        }
    }
}
