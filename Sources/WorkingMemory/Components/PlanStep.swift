import Foundation

/// One step of a goal's plan, with its status and result: the scratchpad of multi-step reasoning.
public struct PlanStep: Sendable, Codable, Equatable, Identifiable {
    public enum Status: String, Sendable, Codable, CaseIterable { case pending, running, done, failed, skipped }
    public let id: Int64
    public var goalID: Int64
    /// Order within the goal's plan (0, 1, ...).
    public var position: Int
    public var text: String
    public var status: Status
    public var result: String?
    public var updated: Date
}
