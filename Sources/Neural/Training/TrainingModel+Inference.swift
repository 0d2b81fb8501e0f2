/// Moving weights between the training model and the inference engine's layers (`Sequential`),
/// which share the canonical layout; each layer kind converts itself (`TrainableConvertible`,
/// `TrainableLayer.inference()`).
extension TrainingModel {
    /// A training model initialised from an inference model (fine-tuning, or training a model
    /// loaded from PyTorch or Keras weights).
    ///
    /// Supported layers: `Recurrent<LSTM>` and `Recurrent<GRU>` (stacked layers become one
    /// trainable layer each; two directions become a bidirectional layer; both GRU variants),
    /// `Dense`, `TimeDistributed<Dense>`, `Embedding`.
    /// - Throws: `NeuralError.invalidArgument` for a layer that cannot be trained yet.
    public convenience init(_ sequential: Sequential) throws {
        var layers: [TrainableLayer] = []
        for (index, layer) in sequential.layers.enumerated() {
            guard let convertible = layer as? any TrainableConvertible else {
                throw NeuralError.invalidArgument("layer \(index) (\(type(of: layer))) cannot be trained yet")
            }
            layers += try convertible.trainableLayers()
        }
        self.init(layers: layers)
    }

    /// The current weights as an inference model, e.g. for `makeStream` or `wm nn predict`.
    /// An embedding model's inference `Sequential` takes ids (N, T) like `predict` (see `Embedding`).
    /// - Throws: `NeuralError` for layers the inference engine lacks.
    public func sequential() throws -> Sequential {
        Sequential(try layers.map { try $0.inference() })
    }
}
