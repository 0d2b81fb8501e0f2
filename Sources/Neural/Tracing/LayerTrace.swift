/// The signals tracing recorded in one layer (one direction of one stacked layer for
/// recurrent layers), in the order of the layer's equations.
public struct LayerTrace: Sendable {
    /// The layer's name in its model (`layer0`, `layer1 backward`, …).
    public var name: String
    /// Its kind (`LSTM`, `GRU`).
    public var kind: String
    /// The recorded signals.
    public var signals: [TraceSignal]

    /// - Parameters: see the properties.
    public init(name: String, kind: String, signals: [TraceSignal]) {
        self.name = name
        self.kind = kind
        self.signals = signals
    }

    /// The signal with this key (`i`, `h`, …), nil when the layer has none.
    public subscript(key: String) -> TraceSignal? { signals.first { $0.key == key } }
}
