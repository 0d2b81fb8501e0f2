import Foundation
import Testing
@testable import Neural

/// Checkpoints written by an earlier version of the engine (`Fixtures/checkpoint_*`: `wm nn
/// train --out` on the copy task with an LSTM and on n-back with a GRU, each with `wm nn predict`'s
/// output y on a fixed input x beside it in `checkpoint_*_io`) still load: into a model that
/// predicts that y, and that writes the same file back byte for byte.
@Suite struct CheckpointFormatTests {
    @Test(arguments: ["checkpoint_copy_lstm", "checkpoint_nback_gru"])
    func earlierCheckpointLoadsIntoTheSameModel(name: String) throws {
        let file = try fixture(name)
        let model = try TrainingModel.restore(file)
        let io = try fixture(name + "_io")
        let (x, y) = (try io.tensor("x"), try io.tensor("y"))
        let predicted = try model.predict(x)
        #expect(predicted.shape == y.shape)
        #expect(predicted.maxAbsDifference(y) <= 1e-5, "maxdiff \(predicted.maxAbsDifference(y))")
        let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let written = try Data(contentsOf: folder.appendingPathComponent(name + ".safetensors"))
        #expect(try model.checkpoint().encoded() == written)
    }
}
