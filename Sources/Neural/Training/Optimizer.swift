import CKernels
import Foundation

/// A gradient-descent rule with its state, following PyTorch's `torch.optim` update rules and
/// defaults exactly (pytorch.org/docs/stable/optim.html):
///
/// - SGD:     g ← g + λp;  b ← μb + g (b = g at the first step);  g ← g + μb (Nesterov) or b;  p ← p − ηg
/// - Adam:    g ← g + λp;  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  p ← p − η·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)
/// - AdamW:   p ← p − ηλp, then Adam without λ
/// - RMSprop: g ← g + λp;  v ← αv + (1−α)g²;  b ← μb + g/(√v + ε) (μ > 0) ;  p ← p − η·(b or g/(√v + ε))
///
/// Keras' Adam puts ε outside the bias correction (ε̂ = ε·√(1−β₂ᵗ)) and defaults ε = 1e−7;
/// pass `epsilon: 1e-7` for its default value.
public final class Optimizer {
    /// Which rule, with its hyperparameters.
    public enum Rule: Codable, Sendable, Equatable {
        case sgd(momentum: Float, nesterov: Bool, weightDecay: Float)
        case adam(beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float)
        case adamW(beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float)
        case rmsprop(alpha: Float, epsilon: Float, momentum: Float, weightDecay: Float)
    }

    public let rule: Rule
    /// The base learning rate η (the schedule scales it).
    public let learningRate: Float
    /// Learning rate as a function of the step.
    public var schedule: LearningRateSchedule
    /// Rescale all gradients together when their global L2 norm exceeds this (PyTorch
    /// `clip_grad_norm_`, Keras `global_clipnorm`); nil for no clipping.
    public var clipGlobalNorm: Float?
    /// Number of updates applied so far (t in the bias corrections).
    public private(set) var step = 0
    /// Per-parameter state (first and second moments, momentum buffers), by parameter index.
    var first: [[Float]] = [], second: [[Float]] = []

    public init(rule: Rule, learningRate: Float, schedule: LearningRateSchedule = .constant, clipGlobalNorm: Float? = nil) {
        self.rule = rule
        self.learningRate = learningRate
        self.schedule = schedule
        self.clipGlobalNorm = clipGlobalNorm
    }

    /// SGD, PyTorch defaults (momentum 0, no Nesterov, no weight decay).
    public static func sgd(learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false,
                           weightDecay: Float = 0, clipGlobalNorm: Float? = nil) -> Optimizer {
        Optimizer(rule: .sgd(momentum: momentum, nesterov: nesterov, weightDecay: weightDecay),
                  learningRate: learningRate, clipGlobalNorm: clipGlobalNorm)
    }

    /// Adam, PyTorch defaults (η 1e−3, β 0.9/0.999, ε 1e−8).
    public static func adam(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                            epsilon: Float = 1e-8, weightDecay: Float = 0, clipGlobalNorm: Float? = nil) -> Optimizer {
        Optimizer(rule: .adam(beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay),
                  learningRate: learningRate, clipGlobalNorm: clipGlobalNorm)
    }

    /// AdamW, PyTorch defaults (η 1e−3, β 0.9/0.999, ε 1e−8, λ 0.01).
    public static func adamW(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                             epsilon: Float = 1e-8, weightDecay: Float = 0.01, clipGlobalNorm: Float? = nil) -> Optimizer {
        Optimizer(rule: .adamW(beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay),
                  learningRate: learningRate, clipGlobalNorm: clipGlobalNorm)
    }

    /// RMSprop, PyTorch defaults (η 1e−2, α 0.99, ε 1e−8).
    public static func rmsprop(learningRate: Float = 1e-2, alpha: Float = 0.99, epsilon: Float = 1e-8,
                               momentum: Float = 0, weightDecay: Float = 0, clipGlobalNorm: Float? = nil) -> Optimizer {
        Optimizer(rule: .rmsprop(alpha: alpha, epsilon: epsilon, momentum: momentum, weightDecay: weightDecay),
                  learningRate: learningRate, clipGlobalNorm: clipGlobalNorm)
    }

    /// The learning rate the next update will use.
    public var currentLearningRate: Float { learningRate * schedule.factor(step: step) }

    /// Global L2 norm of the gradients of `parameters`.
    public static func globalNorm(_ parameters: [Parameter]) -> Float {
        var s = 0.0
        for p in parameters {
            s += p.gradient.scalars.withUnsafeBufferPointer { ck_sum_squares(CKernelPath.best.c, $0.count, $0.baseAddress) }
        }
        return Float(s.squareRoot())
    }

    /// Applies one update to every parameter from its gradient (clipping first when set).
    /// - Returns: the global gradient norm before clipping.
    @discardableResult
    public func update(_ parameters: [Parameter]) -> Float {
        if first.isEmpty {
            first = parameters.map { [Float](repeating: 0, count: $0.value.count) }
            second = parameters.map { [Float](repeating: 0, count: $0.value.count) }
        }
        precondition(first.count == parameters.count, "the optimizer was used with a different parameter list")
        let norm = Optimizer.globalNorm(parameters)
        var clipScale: Float = 1
        if let maxNorm = clipGlobalNorm {
            // torch.nn.utils.clip_grad_norm_: coef = max_norm / (norm + 1e-6), applied when < 1.
            let coef = maxNorm / (norm + 1e-6)
            if coef < 1 { clipScale = coef }
        }
        let lr = currentLearningRate
        step += 1
        let t = Float(step)
        for (k, p) in parameters.enumerated() {
            let n = p.value.count
            p.value.scalars.withUnsafeMutableBufferPointer { wp in
            p.gradient.scalars.withUnsafeBufferPointer { gp in
            first[k].withUnsafeMutableBufferPointer { mp in
            second[k].withUnsafeMutableBufferPointer { vp in
                let (w, g, m, v) = (wp.baseAddress!, gp.baseAddress!, mp.baseAddress!, vp.baseAddress!)
                switch rule {
                case let .sgd(mu, nesterov, wd):
                    for i in 0..<n {
                        var gi = g[i] * clipScale + wd * w[i]
                        if mu != 0 {
                            m[i] = step == 1 ? gi : mu * m[i] + gi
                            gi = nesterov ? gi + mu * m[i] : m[i]
                        }
                        w[i] -= lr * gi
                    }
                case let .adam(b1, b2, eps, wd), let .adamW(b1, b2, eps, wd):
                    let decoupled: Bool
                    if case .adamW = rule { decoupled = true } else { decoupled = false }
                    let bc1 = 1 - powf(b1, t), bc2 = 1 - powf(b2, t)
                    let stepSize = lr / bc1, bc2Root = bc2.squareRoot()
                    var i = 0
                    if !decoupled && wd == 0 {
                        // The common case, vectorised in CKernels (same formulas as the loop below).
                        // Tensors past 32k weights (a 128-unit recurrent kernel: 65k weights, 1 MB
                        // with its moments and gradient, ~25 µs on one core) on every core:
                        // elementwise, so the same result.
                        let path = CKernelPath.best.c, pointers = UncheckedSendable((w, g, m, v)), scale = clipScale
                        forEachChunk(of: n, splittingFrom: 1 << 15) { r in
                            let (lo, (w, g, m, v)) = (r.lowerBound, pointers.value)
                            ck_adam_update(path, r.count, w + lo, g + lo, m + lo, v + lo, scale, b1, b2, stepSize,
                                           bc2Root, eps)
                        }
                        i = n
                    }
                    while i < n {
                        defer { i += 1 }
                        var gi = g[i] * clipScale
                        if decoupled { w[i] *= 1 - lr * wd } else { gi += wd * w[i] }
                        m[i] = b1 * m[i] + (1 - b1) * gi
                        v[i] = b2 * v[i] + (1 - b2) * gi * gi
                        // PyTorch: denom = sqrt(v) / sqrt(bc2) + eps; p -= (lr / bc1) * m / denom
                        w[i] -= stepSize * m[i] / (v[i].squareRoot() / bc2Root + eps)
                    }
                case let .rmsprop(alpha, eps, mu, wd):
                    for i in 0..<n {
                        let gi = g[i] * clipScale + wd * w[i]
                        v[i] = alpha * v[i] + (1 - alpha) * gi * gi
                        let d = gi / (v[i].squareRoot() + eps)
                        if mu > 0 {
                            m[i] = mu * m[i] + d
                            w[i] -= lr * m[i]
                        } else {
                            w[i] -= lr * d
                        }
                    }
                }
            }}}}
        }
        return norm
    }

    /// The optimizer's state as named tensors (`<index>.first`, `<index>.second`) plus its step,
    /// for checkpoints.
    public func stateTensors() -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for k in 0..<first.count {
            out["\(k).first"] = try? Tensor(shape: [first[k].count], scalars: first[k])
            out["\(k).second"] = try? Tensor(shape: [second[k].count], scalars: second[k])
        }
        out["step"] = try? Tensor(shape: [1], scalars: [Float(step)])
        return out
    }

    /// Restores what `stateTensors()` returned, for the same parameter list.
    public func restoreState(_ tensors: [String: Tensor], parameterCount: Int) throws {
        guard let s = tensors["step"], s.count == 1 else {
            throw NeuralError.invalidArgument("optimizer state has no step")
        }
        var f: [[Float]] = [], sc: [[Float]] = []
        if s.scalars[0] > 0 {
            for k in 0..<parameterCount {
                guard let a = tensors["\(k).first"], let b = tensors["\(k).second"] else {
                    throw NeuralError.invalidArgument("optimizer state lacks the moments of parameter \(k)")
                }
                f.append(a.scalars)
                sc.append(b.scalars)
            }
        }
        step = Int(s.scalars[0])
        first = f
        second = sc
    }
}
