import Foundation

/// A Keras model ready to run: the architecture of its `config.json`, the weights of its
/// `model.weights.h5`, as the engine's layers.
///
///     let model = try KerasModel(contentsOf: "seed.keras")   // model.save("seed.keras") in Keras 3
///     let y = try model.predict(x)                           // x (N, T, 100) → y (N, T, 10)
///
/// Each layer's architecture goes through the engine's one description (`LayerSpec`), so a
/// loaded model also trains: `TrainingModel(model.sequential)`. Keras' weight layouts are
/// converted at this boundary (`FrameworkWeights.swift`: a GRU's gate blocks z, r, h become
/// the engine's r, z, n); nothing Keras-specific is carried at run time.
public struct KerasModel: Sendable {
    /// What `config.json` says.
    public var architecture: KerasArchitecture
    /// Each layer as the engine's architecture description, in order; nil for layers without
    /// weights (activations, dropout).
    public var specs: [LayerSpec?]
    /// The engine's layers (dropout left out, activation layers folded into a linear Dense before them).
    public var sequential: Sequential
    /// One line per layer: name, class, sizes.
    public var summaries: [String]
    /// F, the features per time step the first layer reads (1 for ids).
    public var inputFeatures: Int
    /// `keras_version` of `metadata.json`, when the archive says.
    public var kerasVersion: String?

    /// Reads a `.keras` archive.
    /// - Throws: `KerasError` saying what was wrong with the archive, its configuration or its
    ///   weights (naming the layer and the weight).
    public init(contentsOf path: String) throws {
        let archive = try KerasArchive(contentsOf: path)
        let architecture = try KerasArchitecture(configJSON: archive.config)
        let datasets = try HDF5File(image: archive.weights, name: "model.weights.h5").datasets
        try self.init(architecture: architecture, weights: datasets)
        kerasVersion = archive.kerasVersion
    }

    /// Builds the model from an architecture and the datasets of its weights file.
    /// - Parameters:
    ///   - architecture: from `config.json`.
    ///   - weights: datasets by HDF5 path (`layers/lstm/cell/vars/0`), as Keras 3 writes them.
    /// - Throws: `KerasError` for a missing, extra, misshapen or non-finite weight.
    init(architecture: KerasArchitecture, weights: [String: Tensor]) throws {
        let built = try KerasModelBuilder(architecture, KerasWeights(tensors: weights, file: "model.weights.h5")).build()
        self.architecture = architecture
        specs = built.specs
        sequential = Sequential(built.layers)
        summaries = built.summaries
        inputFeatures = built.inputFeatures
    }

    /// Runs the model on a whole input, as Keras' `predict`.
    /// - Parameter x: (N, T, F) floats, or ids (N, T) / (N, T, 1) for a model that starts with an `Embedding`.
    /// - Throws: `NeuralError` when x does not fit the model's input or holds NaN or infinities.
    public func predict(_ x: Tensor) throws -> Tensor {
        let startsWithIDs: Bool
        if case .embedding = architecture.layers[0].kind { startsWithIDs = true } else { startsWithIDs = false }
        if let i = x.scalars.firstIndex(where: { !$0.isFinite }) {
            throw NeuralError.invalidArgument("input x holds \(x.scalars[i]) at \(Predict.position(i, in: x.shape)); all values must be finite")
        }
        let input = architecture.input
        if startsWithIDs {
            guard x.rank == 2 || (x.rank == 3 && x.shape[2] == 1) else {
                throw NeuralError.invalidShape("'\(architecture.name)' starts with an Embedding and reads ids [N, T] or [N, T, 1], got \(x.shape)")
            }
        } else {
            guard x.rank == 3, x.shape[2] == inputFeatures else {
                throw NeuralError.invalidShape("'\(architecture.name)' reads x [N, T, \(inputFeatures)], got \(x.shape)")
            }
        }
        if let t = input.shape.first ?? nil, x.rank >= 2, x.shape[1] != t {
            throw NeuralError.invalidShape("'\(architecture.name)' was built for T = \(t) time steps (InputLayer batch_shape), x has \(x.shape[1])")
        }
        return try sequential(x)
    }
}
