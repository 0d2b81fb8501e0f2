import Foundation

/// One finished call, as the ledger keeps it.
public struct CallRecord: Sendable, Equatable {
    public enum Kind: String, Sendable { case chat, embeddings }
    public var kind: Kind
    public var model: String
    /// The server's count; nil when it sent none.
    public var usage: TokenUsage?
    public var attempts: Int
    public var seconds: Double
}

/// The calls a client made, with their token usage, in order; safe to read from any task.
public final class UsageLedger: @unchecked Sendable {
    private let lock = NSLock()
    private var records: [CallRecord] = []

    public init() {}

    public var calls: [CallRecord] { lock.withLock { records } }

    /// Prompt and completion tokens over every call that reported usage.
    public var total: TokenUsage {
        lock.withLock {
            records.compactMap(\.usage).reduce(TokenUsage(promptTokens: 0, completionTokens: 0)) {
                TokenUsage(promptTokens: $0.promptTokens + $1.promptTokens, completionTokens: $0.completionTokens + $1.completionTokens)
            }
        }
    }

    func record(_ call: CallRecord) { lock.withLock { records.append(call) } }
}
