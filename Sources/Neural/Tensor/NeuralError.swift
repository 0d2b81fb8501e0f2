/// Errors of the neural engine. Each message says what was wrong and, where it helps, what to do.
public enum NeuralError: Error, Equatable, CustomStringConvertible {
    /// A shape that cannot exist (negative extent, wrong rank).
    case invalidShape(String)
    /// Two shapes that had to agree do not.
    case shapeMismatch(String)
    /// A value that is not allowed (NaN where a finite number is needed, a bad option).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .invalidShape(let m): return "invalid shape: \(m)"
        case .shapeMismatch(let m): return "shape mismatch: \(m)"
        case .invalidArgument(let m): return "invalid argument: \(m)"
        }
    }
}
