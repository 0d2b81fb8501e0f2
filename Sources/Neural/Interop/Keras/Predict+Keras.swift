import Foundation

extension Predict {
    /// Runs a Keras `.keras` archive on tensor `x` of the input file and writes tensor `y`:
    /// `wm nn predict --model FILE.keras`. The architecture comes from the archive's
    /// `config.json`, so no layer list is needed.
    /// - Parameters:
    ///   - modelPath: the `.keras` file (Keras 3 `model.save`).
    ///   - inputPath: safetensors file holding `x` (N, T, F), or ids (N, T) for a model that
    ///     starts with an `Embedding`.
    ///   - outputPath: safetensors file to write, holding `y`.
    /// - Throws: `KerasError` (archive, configuration, weights), `SafetensorsError` (input) or
    ///   `NeuralError` (an input that does not fit the model).
    @discardableResult
    public static func run(kerasModelPath modelPath: String, inputPath: String, outputPath: String) throws -> Report {
        let model = try KerasModel(contentsOf: modelPath)
        let x = try Safetensors(contentsOf: inputPath).tensor("x")
        let y = try model.predict(x)
        var metadata = ["model": model.architecture.name, "producer": "wm nn predict"]
        if let v = model.kerasVersion { metadata["keras_version"] = v }
        try Safetensors(tensors: ["y": y], metadata: metadata).write(to: outputPath)
        return Report(layers: model.summaries, inputShape: x.shape, outputShape: y.shape)
    }

    /// The weights at `path`: a Keras HDF5 weights file (`.h5`, `.weights.h5`) read by
    /// `Safetensors(kerasWeightsAt:)`, anything else as safetensors.
    static func weights(at path: String) throws -> Safetensors {
        path.hasSuffix(".h5") || path.hasSuffix(".hdf5") ? try Safetensors(kerasWeightsAt: path) : try Safetensors(contentsOf: path)
    }
}
