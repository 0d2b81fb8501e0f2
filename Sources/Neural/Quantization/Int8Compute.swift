/// How a quantized layer computes its products: with the int8 kernel (activations quantised
/// per row on the fly) or with its weights dequantised into the float GEMM.
///
/// The int8 kernel reads a quarter of the weight bytes and wins where a product is bound by
/// reading weights: one row (a streamed step at batch 1). The float GEMM's register tiles
/// reuse each weight across 14 rows and catch up from a few rows on. `automatic` picks by the
/// rows and inputs of each product, at the crossover `wm nn bench-lean --kernels` measures.
public enum Int8Compute: Sendable, Equatable {
    /// The int8 kernel for products of at most `int8RowLimit` rows, the float GEMM above.
    case automatic
    /// Always the int8 kernel.
    case int8
    /// Always the float GEMM on the dequantised weights (no activation quantization).
    case dequantized

    /// Rows up to which `automatic` takes the int8 kernel: 4 with AVX-512 VNNI, 1 with AVX2
    /// (measured, docs/lean.md: on a 128 × 512 product VNNI is 2.4× the float GEMV at one row and
    /// even at 4; AVX2 wins at one row only).
    public static let int8RowLimit = Int8KernelPath.best == .vnni ? 4 : 1
    /// Fewest inputs (K) for which `automatic` takes the int8 kernel: below, quantising the row
    /// and padding K to 4 cost more than the product (an adding model's 2 inputs: 0.5× at one row).
    public static let int8MinimumInputs = 16

    /// Whether a product of `rows` rows over `inputs` inputs runs the int8 kernel.
    func usesInt8(rows: Int, inputs: Int) -> Bool {
        switch self {
        case .automatic: return rows <= Self.int8RowLimit && inputs >= Self.int8MinimumInputs
        case .int8: return true
        case .dequantized: return false
        }
    }
}
