import Foundation
import Testing

/// The Keras-file fixtures written by scripts/fixtures/make_keras_fixtures.py from Keras 3.
enum KerasFixtures {
    /// `Fixtures/keras` (models with Keras' predict output) or `Fixtures/keras-bad` (damaged ones).
    static func folder(bad: Bool = false) throws -> URL {
        let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return root.appendingPathComponent(bad ? "keras-bad" : "keras")
    }

    /// The path of fixture `name` (with its extension).
    static func path(_ name: String, bad: Bool = false) throws -> String {
        try folder(bad: bad).appendingPathComponent(name).path
    }

    /// Every model with a reference output: the names of `NAME.keras` files beside `NAME.safetensors`.
    static func models() throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder().path)
        return names.filter { $0.hasSuffix(".keras") }.map { String($0.dropLast(".keras".count)) }
            .filter { names.contains($0 + ".safetensors") }.sorted()
    }
}
