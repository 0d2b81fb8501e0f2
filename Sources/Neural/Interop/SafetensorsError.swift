/// What can go wrong reading, writing or taking tensors from a safetensors file.
/// Each message names the file's tensor and says what was expected.
public enum SafetensorsError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read or written at all.
    case unreadable(path: String, reason: String)
    /// The file ends before the header or a tensor's bytes do.
    case truncated(String)
    /// The 8-byte length or the JSON header is malformed.
    case corruptHeader(String)
    /// A tensor's data offsets fall outside the data block, overlap another tensor's, or do not
    /// match its shape and dtype.
    case invalidOffsets(tensor: String, reason: String)
    /// A dtype this engine does not read as float32 (it reads F32, F16, BF16, F64).
    case unsupportedDtype(tensor: String, dtype: String)
    /// A tensor the caller asked for is not in the file.
    case missingTensor(name: String, available: [String])
    /// A tensor has another shape than the caller needs.
    case wrongShape(name: String, expected: [Int], actual: [Int])

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "cannot access \(path): \(reason)"
        case .truncated(let m): return "truncated safetensors file: \(m)"
        case .corruptHeader(let m): return "corrupt safetensors header: \(m)"
        case .invalidOffsets(let t, let r): return "tensor '\(t)': invalid data_offsets: \(r)"
        case .unsupportedDtype(let t, let d):
            return "tensor '\(t)' has dtype \(d); supported: F32, F16, BF16, F64, I64, I32 (read as float32)"
        case .missingTensor(let name, let available):
            let shown = available.sorted().prefix(12).joined(separator: ", ")
            let more = available.count > 12 ? ", … (\(available.count) in all)" : ""
            return "tensor '\(name)' not found; the file has: \(available.isEmpty ? "no tensors" : shown + more)"
        case .wrongShape(let name, let expected, let actual):
            return "tensor '\(name)' has shape \(actual), expected \(expected)"
        }
    }
}
