import Foundation

/// A factor on the base learning rate as a function of the optimizer step (counted from 0),
/// with the same curves as PyTorch's `StepLR`, `CosineAnnealingLR`, `LinearLR` and
/// `SequentialLR`, each stepped once per optimizer step (not per epoch). Checked step by step
/// against PyTorch's learning rates (`scripts/fixtures/make_schedule_fixtures.py`).
public indirect enum LearningRateSchedule: Codable, Sendable, Equatable {
    /// Always 1.
    case constant
    /// γ^⌊step / every⌋ (`StepLR(step_size: every, gamma: γ)`).
    case step(every: Int, gamma: Float)
    /// η_min/η + (1 − η_min/η)·(1 + cos(π·step/total))/2 (`CosineAnnealingLR(T_max: total,
    /// eta_min)`), given as `minimumFactor` = η_min/η. As in PyTorch the curve does not stop at
    /// `total`: it climbs back to 1 at 2·total, and so on; set `total` to the run's length.
    case cosine(total: Int, minimumFactor: Float)
    /// (step + 1)/steps for the first `steps` steps, then `then` counted from the end of warm-up:
    /// `SequentialLR([LinearLR(start_factor: 1/steps, total_iters: steps − 1), then],
    /// milestones: [steps])`.
    case warmup(steps: Int, then: LearningRateSchedule)

    /// The factor at optimizer step `step` (0 for the first update).
    public func factor(step: Int) -> Float {
        switch self {
        case .constant:
            return 1
        case let .step(every, gamma):
            return powf(gamma, Float(step / max(every, 1)))
        case let .cosine(total, minimumFactor):
            // Reduced modulo the period 2·total so that cos's argument stays small and exact.
            let s = step % (2 * max(total, 1))
            return minimumFactor + (1 - minimumFactor) * (1 + cosf(Float.pi * Float(s) / Float(max(total, 1)))) / 2
        case let .warmup(steps, then):
            if step < steps { return Float(step + 1) / Float(steps) }
            return then.factor(step: step - steps)
        }
    }
}
