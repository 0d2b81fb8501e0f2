import Foundation
import Neural
import NeuralTasks

extension NNTrainBench {
    /// `task-step`: ms per training step of each task model, here and in PyTorch, same run.
    ///
    /// The model, optimizer and batch size are `TaskTrainer`'s defaults (the PyTorch reference run);
    /// both sides cycle through the same 8 batches (SplitMix64 seed 1001, drawn before the clock
    /// starts), after 3 warm-up steps. With `--repeats R` the two sides alternate R times and the
    /// fastest time of each is kept (a shared machine's load comes and goes).
    func benchTaskSteps() throws {
        let units = hidden ?? 128
        print("training step of the task models, LSTM \(units) + Dense, Adam lr 3e-3, clip 1.0, batch 64")
        print("(data generation excluded; PyTorch \(torchThreads) thread(s); best of \(repeats) alternating runs of \(steps) steps per side):")
        print("task      | Swift ms/step | PyTorch ms/step | speed-up (PyTorch time / Swift time)")
        var failures: [String] = []
        for name in taskNames {
            let (base, n) = Self.generator(of: name)
            var options = TaskTrainer.Options()
            options.hidden = units
            let trainer = try TaskTrainer(task: try memoryTask(named: base, n: n), options: options)
            var rng = SeededGenerator(seed: 1001)
            let batches = (0..<8).map { _ in trainer.task.batch(size: 64, test: false, rng: &rng) }
            for i in 0..<3 { let b = batches[i % 8]; try trainer.model.trainOnBatch(b.x, b.y, mask: b.mask, lengths: b.lengths) }
            var ours = Double.infinity, theirs: Double? = nil
            for _ in 0..<repeats {
                let start = ContinuousClock.now
                for i in 0..<steps { let b = batches[i % 8]; try trainer.model.trainOnBatch(b.x, b.y, mask: b.mask, lengths: b.lengths) }
                ours = min(ours, seconds(since: start) * 1000 / Double(steps))
                if let t = torch(["taskstep", "--task", base, "--n", "\(n)", "--steps", "\(steps)", "--hidden", "\(units)",
                                  "--threads", "\(torchThreads)"], failures: &failures),
                   let ms = t["ms_per_step"] as? Double {
                    theirs = min(theirs ?? .infinity, ms)
                }
            }
            var row = "\(name.padding(toLength: 9, withPad: " ", startingAt: 0)) | \(String(format: "%.2f", ours))"
            if let theirs {
                row += " | \(String(format: "%.2f", theirs)) | \(String(format: "%.2f", theirs / ours))×"
            }
            print(row)
            fflush(nil)
        }
        try throwIfPeerFailed(failures)
    }
}
