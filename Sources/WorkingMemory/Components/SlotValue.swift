/// The value of a sketchpad slot: a text, a number or a list.
public enum SlotValue: Sendable, Codable, Equatable, CustomStringConvertible {
    case text(String)
    case number(Double)
    case list([String])

    public var description: String {
        switch self {
        case .text(let s): return s
        case .number(let x): return x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
        case .list(let xs): return xs.joined(separator: ", ")
        }
    }
}
