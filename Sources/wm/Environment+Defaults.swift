import Foundation

/// Defaults that come from the environment, so no machine path is written into the tool.
enum EnvironmentDefaults {
    /// The Python that runs the reference scripts (PyTorch, Keras): `$PYTHON`, else `python3` on the PATH.
    static var python: String { ProcessInfo.processInfo.environment["PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3" }

    /// A file of the LoCoMo evaluation set (docs/eval-data.md): under `$WM_EVAL_DATA`, else under `eval-data/`.
    static func evalData(_ relativePath: String) -> String {
        let root = ProcessInfo.processInfo.environment["WM_EVAL_DATA"].flatMap { $0.isEmpty ? nil : $0 } ?? "eval-data"
        return (root as NSString).appendingPathComponent(relativePath)
    }
}
