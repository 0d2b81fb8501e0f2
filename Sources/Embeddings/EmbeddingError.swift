/// What can go wrong finding, loading or running a sentence encoder.
public enum EmbeddingError: Error, Equatable, CustomStringConvertible {
    /// No model folder was found; the message lists where it looked and how to get one.
    case modelNotFound(String)
    /// The folder is there but something in it is missing or not understood.
    case invalidModel(String)
    /// The input cannot be embedded (the message says which one and why).
    case invalidInput(String)

    public var description: String {
        switch self {
        case .modelNotFound(let m): return "no sentence encoder found: \(m)"
        case .invalidModel(let m): return "invalid sentence-transformers model: \(m)"
        case .invalidInput(let m): return "cannot embed: \(m)"
        }
    }
}
