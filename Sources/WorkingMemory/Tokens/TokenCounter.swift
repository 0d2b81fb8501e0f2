/// Counts the tokens a text costs in the model's context window. Plug in an exact tokenizer when the model's
/// is available; `EstimatedTokenCounter` is the calibrated default.
public protocol TokenCounter: Sendable {
    /// - Parameter text: any text (English, Chinese, mixed, empty).
    /// - Returns: the number of tokens, `>= 0`; `0` only for the empty string.
    func count(_ text: String) -> Int
}
