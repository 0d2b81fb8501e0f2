import Foundation

/// A factor on the base learning rate as a function of the optimizer step (counted from 0),
/// with the same curves as PyTorch's `StepLR`, `CosineAnnealingLR` and a linear warm-up
/// (here indexed by optimizer steps, not epochs).
public indirect enum LearningRateSchedule: Codable, Sendable, Equatable {
    /// Always 1.
    case constant
    /// γ^⌊step / every⌋ (`StepLR(step_size: every, gamma: γ)`).
    case step(every: Int, gamma: Float)
    /// η_min/η + (1 − η_min/η)·(1 + cos(π·step/total))/2, and the floor after `total` steps
    /// (`CosineAnnealingLR(T_max: total, eta_min)`), given as `minimumFactor` = η_min/η.
    case cosine(total: Int, minimumFactor: Float)
    /// (step + 1)/steps for the first `steps` steps, then `then` (counted from the end of warm-up).
    case warmup(steps: Int, then: LearningRateSchedule)

    /// The factor at optimizer step `step` (0 for the first update).
    public func factor(step: Int) -> Float {
        switch self {
        case .constant:
            return 1
        case let .step(every, gamma):
            return powf(gamma, Float(step / max(every, 1)))
        case let .cosine(total, minimumFactor):
            let s = min(step, total)
            return minimumFactor + (1 - minimumFactor) * (1 + cosf(Float.pi * Float(s) / Float(max(total, 1)))) / 2
        case let .warmup(steps, then):
            if step < steps { return Float(step + 1) / Float(steps) }
            return then.factor(step: step - steps)
        }
    }
}
