/// One internal signal of a layer over time, recorded by tracing: a gate, a candidate, a state
/// or (for attention) a weight, per sample, timestep and unit.
public struct TraceSignal: Sendable {
    /// The values a signal can take, for colour scales.
    public enum Range: String, Sendable, Codable {
        /// σ outputs and attention weights, in [0, 1].
        case unit
        /// tanh outputs and the hidden state of a gated cell, in [−1, 1].
        case signed
        /// Anything else (an LSTM's cell state grows without bound).
        case unbounded
    }

    /// A short key, the letter of the equations (`i`, `f`, `g`, `o`, `c`, `h`; `r`, `z`, `n`).
    public var key: String
    /// The signal's name in words ("input gate").
    public var name: String
    /// The values it can take.
    public var range: Range
    /// (N, T, U): sample, timestep, unit (for attention: sample, query position, key position).
    public var values: Tensor

    /// - Parameters: see the properties.
    public init(key: String, name: String, range: Range, values: Tensor) {
        self.key = key
        self.name = name
        self.range = range
        self.values = values
    }

    /// Samples.
    public var batchSize: Int { values.shape[0] }
    /// Timesteps.
    public var steps: Int { values.shape[1] }
    /// Units.
    public var units: Int { values.shape[2] }

    /// The value of one unit at one timestep of one sample.
    public subscript(sample: Int, step: Int, unit: Int) -> Float {
        values.scalars[(sample * steps + step) * units + unit]
    }

    /// One sample's values, (T, U) row-major.
    public func sample(_ n: Int) -> ArraySlice<Float> {
        values.scalars[n * steps * units..<(n + 1) * steps * units]
    }
}
