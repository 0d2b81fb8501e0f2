/// Why a Keras file could not be read or run. Each message names the file part, the layer
/// (by its Keras name and class) or the tensor that was wrong, and what is supported instead.
public enum KerasError: Error, Equatable, CustomStringConvertible {
    /// The file is no `.keras` archive (not a zip, or a zip without `config.json` /
    /// `model.weights.h5`).
    case notAKerasArchive(path: String, reason: String)
    /// `config.json` (or the configuration of one layer) cannot be read as Keras writes it.
    case unreadableConfig(file: String, reason: String)
    /// The model's structure is beyond what is supported (several inputs or outputs, branches,
    /// shared layers, nested models).
    case unsupportedModel(reason: String)
    /// A layer class the engine does not run.
    case unsupportedLayer(name: String, className: String, supported: [String])
    /// A layer option whose value the engine does not implement.
    case unsupportedOption(layer: String, className: String, option: String, value: String, supported: String)
    /// A layer option that is missing or out of range.
    case invalidOption(layer: String, className: String, option: String, reason: String)
    /// The weights file cannot be read (not HDF5, truncated, damaged).
    case unreadableWeights(file: String, reason: String)
    /// A layer lacks a weight its configuration needs.
    case missingWeight(layer: String, weight: String, found: [String])
    /// A weight's shape disagrees with the layer's configuration.
    case weightShape(layer: String, weight: String, expected: [Int], actual: [Int])
    /// A weight holds NaN or an infinity (element `index` in row-major order).
    case nonFiniteWeight(layer: String, weight: String, index: Int, value: Float)
    /// Weights were found that no layer of the configuration uses.
    case unusedWeights(layer: String, weights: [String])

    public var description: String {
        switch self {
        case let .notAKerasArchive(path, reason):
            return "'\(path)' is not a Keras archive: \(reason) (a .keras file is a zip holding config.json and model.weights.h5, as Keras 3's model.save writes it)"
        case let .unreadableConfig(file, reason):
            return "\(file): \(reason)"
        case let .unsupportedModel(reason):
            return "model not supported: \(reason) (supported: Sequential models and Functional models that chain one input through single layers to one output)"
        case let .unsupportedLayer(name, className, supported):
            return "layer '\(name)' of class \(className) is not supported; supported: \(supported.joined(separator: ", "))"
        case let .unsupportedOption(layer, className, option, value, supported):
            return "layer '\(layer)' (\(className)): \(option)=\(value) is not supported; supported: \(supported)"
        case let .invalidOption(layer, className, option, reason):
            return "layer '\(layer)' (\(className)): \(option) \(reason)"
        case let .unreadableWeights(file, reason):
            return "\(file): \(reason)"
        case let .missingWeight(layer, weight, found):
            let list = found.isEmpty ? "none" : found.sorted().joined(separator: ", ")
            return "layer '\(layer)': weight '\(weight)' is missing from the weights file (found for this layer: \(list))"
        case let .weightShape(layer, weight, expected, actual):
            return "layer '\(layer)': weight '\(weight)' has shape \(actual), but the configuration needs \(expected)"
        case let .nonFiniteWeight(layer, weight, index, value):
            return "layer '\(layer)': weight '\(weight)' holds \(value) at element \(index); weights must be finite numbers (a training run diverged, or the file is damaged)"
        case let .unusedWeights(layer, weights):
            return "layer '\(layer)': the weights file holds \(weights.sorted().joined(separator: ", ")), which the configuration does not use (config.json and model.weights.h5 from different models?)"
        }
    }
}
