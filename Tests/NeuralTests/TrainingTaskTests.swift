import Testing
@testable import Neural
import NeuralTasks

/// The generated working-memory tasks: their targets follow from their inputs.
@Suite struct TrainingTaskTests {
    @Test func copyTargetsRepeatTheInputBitsAfterTheDelimiter() {
        var rng = SeededGenerator(seed: 1)
        let b = CopyTask().batch(size: 3, test: true, rng: &rng)
        let (steps, n) = (b.x.shape[0], b.x.shape[1])
        #expect(steps == 41)
        for s in 0..<n {
            #expect(b.x[20, s, 8] == 1)  // the delimiter
            for t in 0..<20 {
                for bit in 0..<8 { #expect(b.y[t + 21, s, bit] == b.x[t, s, bit]) }
                #expect(b.mask![(t + 21) * n + s] == 1)
                #expect(b.mask![t * n + s] == 0)
            }
        }
    }

    @Test func addingTargetIsTheSumOfTheTwoMarkedValues() {
        var rng = SeededGenerator(seed: 2)
        let b = AddingTask().batch(size: 4, test: false, rng: &rng)
        for s in 0..<4 {
            var sum: Float = 0, marks = 0
            for t in 0..<100 where b.x[t, s, 1] == 1 { sum += b.x[t, s, 0]; marks += 1 }
            #expect(marks == 2)
            #expect(abs(b.y[s, 0] - sum) < 1e-6)
        }
    }

    @Test func nBackTargetSaysWhetherTheSymbolNStepsBackMatches() {
        var rng = SeededGenerator(seed: 3)
        let task = NBackTask(n: 3)
        let b = task.batch(size: 5, test: false, rng: &rng)
        func symbol(_ t: Int, _ s: Int) -> Int { (0..<8).first { b.x[t, s, $0] == 1 }! }
        var positives = 0
        for s in 0..<5 {
            for t in 3..<30 {
                let same = symbol(t, s) == symbol(t - 3, s)
                #expect(b.y[t, s, 0] == (same ? 1 : 0))
                if same { positives += 1 }
            }
        }
        #expect(positives > 40 && positives < 110)  // about half of 135
    }

    @Test func recallTargetIsTheValueStoredAfterTheQueriedKey() {
        var rng = SeededGenerator(seed: 4)
        let b = AssociativeRecallTask().batch(size: 3, test: false, rng: &rng)
        for s in 0..<3 {
            let query = (0..<6).map { b.x[12, s, $0] }
            let keyStep = try! #require(stride(from: 0, to: 12, by: 2).first { t in (0..<6).map { b.x[t, s, $0] } == query })
            #expect((0..<6).map { b.x[keyStep + 1, s, $0] } == (0..<6).map { b.y[s, $0] })
        }
    }

    @Test func nBackIsLearnedByASmallLSTMInAFewHundredSteps() throws {
        var options = TaskTrainer.Options()
        options.hidden = 16
        options.maxSteps = 400
        options.batchSize = 32
        options.learningRate = 1e-2
        options.evaluateEvery = 50
        options.testSamples = 128
        var trainer = try TaskTrainer(task: NBackTask(n: 2), options: options)
        let solved = try trainer.run()
        #expect(solved != nil, "n-back not solved: \(trainer.curve.last.map { "accuracy \($0.testScore)" } ?? "")")
    }

    @Test func curveCSVReadsBackForResuming() throws {
        var options = TaskTrainer.Options()
        options.hidden = 4
        options.maxSteps = 4
        options.evaluateEvery = 2
        options.testSamples = 128
        var trainer = try TaskTrainer(task: NBackTask(n: 2), options: options)
        _ = try trainer.run()
        let points = TaskTrainer.points(csv: trainer.curveCSV)
        #expect(points.map(\.step) == [2, 4])
        #expect(points.map(\.testScore) == trainer.curve.map(\.testScore))
        options.maxSteps = 6
        var resumed = TaskTrainer(task: NBackTask(n: 2), options: options, resuming: trainer.model, curve: points)
        _ = try resumed.run()
        #expect(resumed.curve.map(\.step) == [2, 4, 6])
        #expect(resumed.model.optimizer.step == 6)
    }
}
