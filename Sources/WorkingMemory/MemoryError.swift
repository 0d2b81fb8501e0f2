/// Errors of the memory engine. Each says what was wrong; none leaves stored data changed.
public enum MemoryError: Error, Equatable, CustomStringConvertible {
    case invalidArgument(String)
    case notFound(String)
    case storage(String)

    public var description: String {
        switch self {
        case .invalidArgument(let m): return "invalid argument: \(m)"
        case .notFound(let m): return "not found: \(m)"
        case .storage(let m): return "storage error: \(m)"
        }
    }
}
