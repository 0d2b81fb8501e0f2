import Foundation
import Testing
@testable import Neural
@testable import NeuralTasks

/// `TaskCheckpoint`: a resumed run continues the same task on the same architecture, or is refused naming what
/// differs.
@Suite struct TaskCheckpointTests {
    func trainer(_ task: MemoryTask, cell: TrainableRecurrent.Cell = .lstm, hidden: Int = 4) throws -> TaskTrainer {
        var options = TaskTrainer.Options()
        options.cell = cell
        options.hidden = hidden
        options.maxSteps = 2
        options.evaluateEvery = 2
        options.testSamples = 128
        return try TaskTrainer(task: task, options: options)
    }

    func saved(_ t: TaskTrainer, task label: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wm-task-\(UUID().uuidString).safetensors").path
        try TaskCheckpoint.save(t.model, task: label, to: path)
        return path
    }

    @Test func theSameTaskAndArchitectureResume() throws {
        let path = try saved(try trainer(NBackTask(n: 2)), task: "nback-2")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try TaskCheckpoint.load(from: path, task: "nback-2", fitting: try trainer(NBackTask(n: 2)).model)
        #expect(model.layers.count == 2)
    }

    @Test func anotherTaskIsRefusedNamingBoth() throws {
        let path = try saved(try trainer(NBackTask(n: 3)), task: "nback-3")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: NeuralError.self) { try TaskCheckpoint.load(from: path, task: "nback-2", fitting: try trainer(NBackTask(n: 2)).model) }
        do { _ = try TaskCheckpoint.load(from: path, task: "nback-2", fitting: try trainer(NBackTask(n: 2)).model) } catch {
            #expect("\(error)".contains("nback-3") && "\(error)".contains("nback-2"), "\(error)")
        }
    }

    @Test func anotherHiddenSizeIsRefusedNamingBothModels() throws {
        let path = try saved(try trainer(AddingTask(), hidden: 4), task: "adding")
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try TaskCheckpoint.load(from: path, task: "adding", fitting: try trainer(AddingTask(), hidden: 8).model)
            Issue.record("a checkpoint of 4 units resumed a run of 8")
        } catch {
            #expect("\(error)".contains("LSTM 4 (input 2)") && "\(error)".contains("LSTM 8 (input 2)"), "\(error)")
        }
    }

    @Test func anotherCellIsRefused() throws {
        let path = try saved(try trainer(AddingTask(), cell: .lstm), task: "adding")
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try TaskCheckpoint.load(from: path, task: "adding", fitting: try trainer(AddingTask(), cell: .gru(.pytorch)).model)
            Issue.record("an LSTM checkpoint resumed a GRU run")
        } catch {
            #expect("\(error)".contains("GRU 4"), "\(error)")
        }
    }

    @Test func aCheckpointWithoutATaskIsCheckedByItsArchitecture() throws {
        let t = try trainer(CopyTask())
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wm-task-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try t.model.saveCheckpoint(to: path)
        #expect(throws: NeuralError.self) { try TaskCheckpoint.load(from: path, task: "adding", fitting: try trainer(AddingTask()).model) }
    }

    @Test func anUnknownOptimizerFieldIsRefusedAndAKnownOneReadsBack() throws {
        let written = Optimizer.adam(learningRate: 0.01, clipGlobalNorm: 1).configuration
        var object = try #require(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(written)) as? [String: Any])
        let back = try JSONDecoder().decode(Optimizer.Configuration.self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(back.learningRate == 0.01 && back.clipGlobalNorm == 1 && back.rule == written.rule)
        object["warmup"] = 5
        let misspelt = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Optimizer.Configuration.self, from: misspelt) }
    }
}
