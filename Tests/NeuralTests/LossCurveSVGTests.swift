import Foundation
import Testing
@testable import Neural
@testable import NeuralTasks

/// The loss-curve plot of `wm nn train`: round step ticks, the last step at the axis end, marked
/// evaluations when there are few.
@Suite struct LossCurveSVGTests {
    @Test(arguments: [
        (200, [0, 50, 100, 150, 200]),
        (48_300, [0, 10_000, 20_000, 30_000, 40_000]),
        (7, [0, 2, 4, 6]),
        (1, [0, 1]),
        (129_500, [0, 50_000, 100_000]),
    ])
    func stepTicksAreRoundAndAtMostSix(last: Int, expected: [Int]) {
        #expect(LossCurveSVG.stepTicks(upTo: last) == expected)
    }

    @Test func labelsShortenThousands() {
        #expect(LossCurveSVG.stepLabel(150) == "150")
        #expect(LossCurveSVG.stepLabel(20_000) == "20k")
        #expect(LossCurveSVG.stepLabel(48_300) == "48.3k")
    }

    @Test func aShortRunShowsItsTicksMarkersAndTime() {
        let points = [100, 200].map { TaskTrainer.Point(step: $0, trainLoss: 0.6, testLoss: 0.4, testScore: 0.9, seconds: Double($0) / 200) }
        let svg = LossCurveSVG.render(title: "nback <2>", points: points, scoreName: "accuracy", threshold: 0.95)
        #expect(svg.contains(">50</text>") && svg.contains(">150</text>"))
        #expect(svg.components(separatedBy: "<circle").count - 1 == 4)  // 2 evaluations × 2 panels
        #expect(svg.contains("1.0 s for 200 steps"))
        #expect(svg.contains("nback &lt;2&gt;"))
        #expect(svg.hasSuffix("</svg>\n"))
    }
}
