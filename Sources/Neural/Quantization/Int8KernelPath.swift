import CKernels

/// The instruction set of the int8 products (`ck_s8_gemm`): AVX-512 VNNI (`vpdpbusd`), AVX2
/// (`vpmaddwd` on sign-extended bytes) or plain C, the reference. All three sum the same int32
/// products and rescale with the same float operations, so they give the same bits.
public enum Int8KernelPath: String, Sendable, CaseIterable {
    case naive, avx2, vnni

    /// The fastest path this CPU supports (detected once).
    public static let best: Int8KernelPath = {
        switch ck_s8_best_path() {
        case CK_S8_VNNI: return .vnni
        case CK_S8_AVX2: return .avx2
        default: return .naive
        }
    }()

    /// The paths this CPU can run.
    public static var supported: [Int8KernelPath] { allCases.filter { $0.c.rawValue <= best.c.rawValue } }

    var c: ck_s8_path {
        switch self {
        case .naive: return CK_S8_NAIVE
        case .avx2: return CK_S8_AVX2
        case .vnni: return CK_S8_VNNI
        }
    }
}
