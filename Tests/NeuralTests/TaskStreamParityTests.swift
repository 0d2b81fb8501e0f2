import Testing
@testable import Neural
import NeuralTasks

/// The task batches PyTorch trains on in `wm nn train-bench tasks` (scripts/fixtures/task_streams.py,
/// numpy) are exactly the ones TaskTrainer draws here: same seeds, same values, same masks.
/// Fixture: scripts/fixtures/make_task_fixtures.py (batch-first; ours are time-major).
@Suite struct TaskStreamParityTests {
    static let tasks: [(String, MemoryTask)] = [
        ("adding", AddingTask()), ("copy", CopyTask()), ("nback2", NBackTask(n: 2)),
        ("nback3", NBackTask(n: 3)), ("recall", AssociativeRecallTask()),
    ]

    @Test(arguments: tasks.map(\.0))
    func firstBatchesEqualTheNumpyPort(_ name: String) throws {
        let task = try #require(Self.tasks.first { $0.0 == name }).1
        let f = try fixture("task_streams")
        // TaskTrainer's streams for seed 1: training from 1001, the test set from 7000001.
        var rng = SeededGenerator(seed: 1001), testRng = SeededGenerator(seed: 7_000_001)
        let batches = [
            ("train0", task.batch(size: 5, test: false, rng: &rng)),
            ("train1", task.batch(size: 5, test: false, rng: &rng)),
            ("test", task.batch(size: 5, test: true, rng: &testRng)),
        ]
        for (label, b) in batches {
            let key = "\(name).\(label)"
            let (steps, n) = (b.x.shape[0], b.x.shape[1])
            let x = try f.tensor(key + ".x")
            #expect(x.shape == [n, steps, b.x.shape[2]], "\(key).x shape")
            #expect(x.shape != [n, steps, b.x.shape[2]] || timeMajor(x) == b.x.scalars, "\(key).x values")
            let y = try f.tensor(key + ".y")
            if task.returnsSequences {
                #expect(y.shape == [n, steps, b.y.shape[2]] && timeMajor(y) == b.y.scalars, "\(key).y")
                let mask = try f.tensor(key + ".mask")
                #expect(mask.shape == [n, steps], "\(key).mask shape")
                let ours = try #require(b.mask)
                #expect(mask.shape != [n, steps] || (0..<steps).allSatisfy { t in
                    (0..<n).allSatisfy { s in ours[t * n + s] == mask[s, t] }
                }, "\(key).mask values")
            } else {
                #expect(y.shape == b.y.shape && y.scalars == b.y.scalars, "\(key).y")
                #expect(b.mask == nil && f.tensors[key + ".mask"] == nil)
            }
        }
    }

    /// (N, T, F) batch-first scalars reordered to time-major (T, N, F).
    func timeMajor(_ t: Tensor) -> [Float] {
        let (n, steps, f) = (t.shape[0], t.shape[1], t.shape[2])
        var out = [Float](repeating: 0, count: t.count)
        for s in 0..<n { for i in 0..<steps { for j in 0..<f { out[(i * n + s) * f + j] = t.scalars[(s * steps + i) * f + j] } } }
        return out
    }
}
