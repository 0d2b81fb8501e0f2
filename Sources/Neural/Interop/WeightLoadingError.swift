/// Why a layer could not be built from named tensors (missing tensors and wrong shapes are
/// reported as `SafetensorsError.missingTensor` / `.wrongShape`).
public enum WeightLoadingError: Error, Equatable, CustomStringConvertible {
    /// No tensor name starts with the prefix (followed by `.` or `/`).
    case noTensors(prefix: String, knownPrefixes: [String])
    /// Tensors exist under the prefix, but they do not form a layer this engine knows.
    case unrecognizedLayer(prefix: String, reason: String)
    /// A weight is NaN or infinite (element `index` in row-major order).
    case nonFinite(tensor: String, index: Int, value: Float)

    public var description: String {
        switch self {
        case .noTensors(let prefix, let known):
            let list = known.isEmpty ? "none" : known.sorted().joined(separator: ", ")
            return "no tensors under layer prefix '\(prefix)'; top-level prefixes in the file: \(list)"
        case .unrecognizedLayer(let prefix, let reason):
            return "layer '\(prefix)': \(reason)"
        case .nonFinite(let tensor, let index, let value):
            return "tensor '\(tensor)' holds \(value) at element \(index); weights must be finite numbers (a training run diverged, or the file is damaged)"
        }
    }
}
