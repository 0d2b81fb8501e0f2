import Foundation
import Neural
import Testing

/// `wm nn trace` on the committed adding-problem model (docs/tracing): its files, its page, its
/// errors, and the picture the README shows.
@Suite struct NNTraceCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let model = root.appendingPathComponent("docs/tracing/adding.safetensors").path
    static let input = root.appendingPathComponent("docs/tracing/adding-input.safetensors").path

    @Test func writesAHeatmapAndALinePlotPerSignalAndOneSelfContainedPage() throws {
        let folder = try TemporaryFolder()
        let out = folder.path("trace")
        let r = try WMProcess.run(["nn", "trace", "--model", Self.model, "--input", Self.input, "--mark-feature", "1", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        for key in ["i", "f", "g", "o", "c", "h"] {
            for suffix in ["", "-lines"] {
                let svg = try String(contentsOfFile: "\(out)/layer0-\(key)\(suffix).svg", encoding: .utf8)
                #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""), "layer0-\(key)\(suffix).svg")
            }
        }
        let page = try String(contentsOfFile: "\(out)/index.html", encoding: .utf8)
        #expect(page.components(separatedBy: "<svg ").count - 1 == 1 + 6 * 2, "input plot and two plots per signal")
        #expect(!page.contains("src=") && !page.contains("href=") && !page.lowercased().contains("<script"), "the page loads nothing")
    }

    @Test func marksExactlyTheTimestepsWhereTheMarkerFeatureIsSet() throws {
        let x = try Safetensors(contentsOf: Self.input).tensor("x")
        let (t, f) = (x.shape[1], x.shape[2])
        let marked = (0..<t).filter { x.scalars[$0 * f + 1] != 0 }
        #expect(marked.count == 2)
        let folder = try TemporaryFolder()
        let out = folder.path("trace")
        #expect(try WMProcess.run(["nn", "trace", "--model", Self.model, "--input", Self.input, "--mark-feature", "1", "--out", out]).status == 0)
        let svg = try String(contentsOfFile: "\(out)/layer0-i.svg", encoding: .utf8)
        #expect(svg.components(separatedBy: "fill=\"#d62728\"/>").count - 1 == marked.count, "one flag per marked input")
    }

    /// The README's picture: a unit whose input gate is shut at ordinary steps and open at the two
    /// marked inputs, in every test sample.
    @Test func theTrainedAddingModelOpensAnInputGateAtTheMarkedInputsOnly() throws {
        let x = try Safetensors(contentsOf: Self.input).tensor("x")
        let traced = try TrainingModel.loadCheckpoint(from: Self.model).sequential().traced(x)
        let gate = try #require(traced[layer: "layer0"]?["i"])
        let (n, t, f) = (x.shape[0], x.shape[1], x.shape[2])
        for s in 0..<n {
            let marked = Set((0..<t).filter { x.scalars[(s * t + $0) * f + 1] != 0 })
            let opensOnlyThere = (0..<gate.units).contains { j in
                marked.allSatisfy { gate[s, $0, j] > 0.6 }
                    && (5..<t).filter { !marked.contains($0) }.allSatisfy { gate[s, $0, j] < 0.1 }
            }
            #expect(opensOnlyThere, "sample \(s): no unit opens its input gate at \(marked.sorted()) only")
        }
    }

    @Test func aFeatureOutsideTheInputIsOneLineErrorAndWritesNothing() throws {
        let folder = try TemporaryFolder()
        let out = folder.path("trace")
        let r = try WMProcess.run(["nn", "trace", "--model", Self.model, "--input", Self.input, "--mark-feature", "2", "--out", out])
        #expect(r.status == 1)
        #expect(r.errorLines == ["Error: invalid argument: feature 2 is out of range: x has 2 features (0..<2)"])
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aFileThatIsNotACheckpointIsRefusedInOneLine() throws {
        let r = try WMProcess.run(["nn", "trace", "--model", Self.input, "--input", Self.input, "--out", try TemporaryFolder().path("t")])
        #expect(r.status == 1)
        #expect(r.errorLines.count == 1 && r.stderr.contains("not a training checkpoint"), "\(r.stderr)")
    }
}
