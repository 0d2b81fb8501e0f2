import Foundation

/// The input gate: should a received turn become a memory item, and how strong?
/// `i = σ(wNovelty·novelty + wSalience·salience + wExplicit·explicit + roleBias[role] + inputBias)`,
/// admitted when `i ≥ admitThreshold` or explicit; the new cell state is `c = i·ĉ` with `ĉ = 1`.
public struct InputGate: Sendable {
    public var parameters: GateParameters

    public init(parameters: GateParameters) { self.parameters = parameters }

    public struct Verdict: Sendable, Equatable {
        public var value: Double
        public var admitted: Bool
        public var features: [String: Double]
    }

    /// - Parameters:
    ///   - novelty: 1 − highest similarity to stored and recent items, in [0, 1].
    ///   - salience: `Salience.score`, in [0, 1].
    ///   - explicit: 1 for an explicit "remember", else 0.
    ///   - role: who produced the turn.
    public func evaluate(novelty: Double, salience: Double, explicit: Double, role: MemoryEvent.Role) -> Verdict {
        let p = parameters
        let bias = p.roleBias[role.rawValue] ?? 0
        let z = p.wNovelty * novelty + p.wSalience * salience + p.wExplicit * explicit + bias + p.inputBias
        let i = 1 / (1 + exp(-z))
        return Verdict(value: i, admitted: explicit > 0 || i >= p.admitThreshold,
                       features: ["novelty": novelty, "salience": salience, "explicit": explicit, "roleBias": bias, "z": z])
    }
}
