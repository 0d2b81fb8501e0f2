import Foundation
import Neural
import Testing
import WorkingMemory

/// The README's Swift snippets, run; and a check that the README shows exactly these lines (so a change to
/// either side without the other fails). Two substitutions: the database file becomes a temporary path, the
/// fixture path an absolute one.
@Suite struct ReadmeSnippetTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theMemorySnippetAdmitsTheTurnAndBuildsAPromptUnderBudget() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wm-readme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("wm.sqlite").path

        let store = try MemoryStore(path: path)
        let session = try MemorySession.begin(try Namespace(user: "ana", agent: "travel", session: "trip"), in: store)
        let reception = try session.receive(MemoryEvent(.user, "Maria is allergic to peanuts."))
        let context = try session.context(for: "Which restaurants are safe for Maria?", budget: 200)
        print(reception.outcome, context.tokens, context.messages.map(\.content))

        #expect(reception.outcome == .admitted)
        #expect(context.tokens <= 200)
        #expect(context.messages.map(\.content).contains("Maria is allergic to peanuts."))
    }

    @Test func theEngineSnippetGivesPyTorchsOutput() throws {
        let fixturePath = Self.root.appendingPathComponent("Tests/NeuralTests/Fixtures/torch_seed.safetensors").path

        let weights = try Safetensors(contentsOf: fixturePath)
        let (model, _) = try WeightLoader(weights).sequential(["lstm1", "lstm2", "dense"])
        let y = try model(try weights.tensor("x"))          // (2, 6, 100) -> (2, 6, 10), PyTorch's output to 1e-5
        let stream = try model.stream(batchSize: 2)          // one timestep per call, state carried
        let y0 = try stream.step(Tensor.zeros([2, 100]))

        let expected = try weights.tensor("y")
        #expect(y.shape == [2, 6, 10])
        #expect(zip(y.scalars, expected.scalars).map { abs($0 - $1) }.max() ?? 1 <= 1e-5)
        #expect(y0.shape == [2, 10])
    }

    @Test func theReadmeShowsTheLinesTheseTestsRun() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let sourceLines = Set(source.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        let blocks = readme.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] }
        #expect(blocks.count == 2, "the README should hold the two Swift snippets this suite runs")
        for block in blocks {
            for line in block.split(separator: "\n") where !line.hasPrefix("import ") {
                let expected = line.trimmingCharacters(in: .whitespaces)
                    .replacingOccurrences(of: "MemoryStore(path: \"wm.sqlite\")", with: "MemoryStore(path: path)")
                    .replacingOccurrences(of: "Safetensors(contentsOf: \"Tests/NeuralTests/Fixtures/torch_seed.safetensors\")",
                                          with: "Safetensors(contentsOf: fixturePath)")
                #expect(sourceLines.contains(expected), "README line not run by ReadmeSnippetTests: \(expected)")
            }
        }
    }
}
