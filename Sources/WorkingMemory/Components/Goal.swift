import Foundation

/// A goal or task on the executive's stack.
public struct Goal: Sendable, Codable, Equatable, Identifiable {
    public enum Status: String, Sendable, Codable, CaseIterable { case open, done, failed, abandoned }
    public let id: Int64
    /// The goal this one serves (a sub-task), if any.
    public var parentID: Int64?
    public var text: String
    public var status: Status
    public var created: Date
    public var closed: Date?
    public var result: String?
}
