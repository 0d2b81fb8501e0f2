import Foundation

/// What `MemorySession.forget(_:atMost:dryRun:)` removes. Every case reaches the text wherever it lives: the
/// items made of it, the events that carried it (kept as tombstones), the verbal buffer, the search index, the
/// facts extracted from it and the trace notes that quote it.
public enum ForgetSelection: Sendable, Equatable {
    /// Items by id, with the events they were made of (and the events that repeated them).
    case items([Int64])
    /// Received events by sequence number, admitted or not, with the items made of them.
    case events([Int64])
    /// Every item and event whose text holds these words in this order (whole words, case-insensitive; in
    /// Chinese and Japanese, the characters in a row). `"a"` matches the word "a", not every text with an a.
    case matching(String)
    /// Every item and event whose time lies in the closed interval.
    case between(Date, Date)
    /// Everything of the session: items, events, buffer, facts, goals, trace.
    case everything
}
