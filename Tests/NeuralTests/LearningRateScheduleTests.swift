import Testing
@testable import Neural

/// Every schedule's learning rate, step by step, against PyTorch's `lr_scheduler` stepped once per
/// optimizer step (fixture `lr_schedules` from scripts/fixtures/make_schedule_fixtures.py, base lr 0.1).
@Suite struct LearningRateScheduleTests {
    static let base: Float = 0.1

    @Test(arguments: [
        ("step", LearningRateSchedule.step(every: 3, gamma: 0.5)),
        ("cosine", .cosine(total: 10, minimumFactor: 0.05)),
        ("warmup", .warmup(steps: 4, then: .constant)),
        ("warmup_cosine", .warmup(steps: 4, then: .cosine(total: 10, minimumFactor: 0.05))),
        ("warmup_step", .warmup(steps: 3, then: .step(every: 3, gamma: 0.5))),
    ])
    func learningRateAtEveryStepMatchesPyTorch(name: String, schedule: LearningRateSchedule) throws {
        let expected = try fixture("lr_schedules").tensor(name)
        var actual = Tensor.zeros(expected.shape)
        for k in 0..<expected.count { actual.scalars[k] = Self.base * schedule.factor(step: k) }
        // Relative to the base rate: float32 cos and pow against PyTorch's float64 recursion.
        expectClose(actual, expected, "lr \(name)", tolerance: 1e-6)
    }

    @Test func optimizerAppliesItsScheduleToItsStepCount() throws {
        let model = try TrainingModel([.dense(1, inputSize: 1)], seed: 1)
        model.compile(optimizer: Optimizer(rule: .sgd(momentum: 0, nesterov: false, weightDecay: 0), learningRate: Self.base,
                                           schedule: .warmup(steps: 4, then: .constant)), loss: .mse)
        let expected = try fixture("lr_schedules").tensor("warmup")
        let x = try Tensor(shape: [2, 1], scalars: [1, 2]), y = try Tensor(shape: [2, 1], scalars: [0, 1])
        for k in 0..<6 {
            #expect(abs(model.optimizer.currentLearningRate - expected.scalars[k]) <= 1e-7, "step \(k)")
            try model.trainOnBatch(x, y)
        }
    }
}
