import Foundation

/// The visuospatial sketchpad (Baddeley 2000) for an LLM application: structured state of entities with
/// attributes, key/value slots and lists. Every change is a new `SlotVersion`; a new value supersedes the old
/// one (kept with its validity interval), so contradictions never erase what was believed before.
public struct Sketchpad: Sendable, Equatable {
    /// Every version ever written, oldest first.
    public private(set) var versions: [SlotVersion] = []
    private var current: [SlotKey: Int] = [:]

    public init() {}

    /// Current value of a slot (nil when never set or deleted).
    public func value(_ key: SlotKey) -> SlotValue? { current[key].flatMap { versions[$0].value } }

    /// Current slots with a value, sorted by entity then attribute.
    public var slots: [(key: SlotKey, value: SlotValue)] {
        current.compactMap { key, i in versions[i].value.map { (key, $0) } }.sorted { $0.key < $1.key }
    }

    /// The entities that have at least one current attribute.
    public var entities: [String] { Array(Set(slots.map(\.key.entity))).sorted() }

    /// All versions of a slot, oldest first.
    public func history(_ key: SlotKey) -> [SlotVersion] { versions.filter { $0.key == key } }

    /// Computes the value an operation produces; nil result for `.delete`. Returns `.none` when nothing changes.
    func proposedValue(_ op: SlotVersion.Operation, _ key: SlotKey, _ value: SlotValue?) -> SlotValue?? {
        let old = self.value(key)
        let new: SlotValue?
        switch op {
        case .set: new = value
        case .delete: new = nil
        case .append:
            var list: [String]
            switch old { case .list(let xs): list = xs; case .some(let v): list = [v.description]; case nil: list = [] }
            list.append(value?.description ?? "")
            new = .list(list)
        case .remove:
            guard case .list(let xs) = old, let v = value?.description, xs.contains(v) else { return .none }
            new = .list(xs.filter { $0 != v })
        }
        if new == old { return .none }
        return .some(new)
    }

    /// Appends `version`, closing the current version of its key. - Returns: the index of the closed version.
    @discardableResult
    mutating func apply(_ version: SlotVersion) -> Int? {
        var closed: Int?
        if let i = current[version.key] {
            versions[i].validTo = version.validFrom
            versions[i].supersededTurn = version.setTurn
            versions[i].supersededEvent = version.setEvent
            closed = i
        }
        versions.append(version)
        current[version.key] = versions.count - 1
        return closed
    }

    /// Restores versions read from storage.
    mutating func restore(_ stored: [SlotVersion]) {
        versions = stored.sorted { $0.version < $1.version }
        current = [:]
        for (i, v) in versions.enumerated() { current[v.key] = i }
    }

    mutating func removeAll() { versions.removeAll(); current.removeAll() }

    /// Empties the value of a version whose source was forgotten: the version stays (its number, times and
    /// links), its value is gone and its source says `forgotten`. - Returns: the redacted version.
    mutating func redact(version: Int64) -> SlotVersion? {
        guard let i = versions.firstIndex(where: { $0.version == version }) else { return nil }
        versions[i].value = nil
        versions[i].source = SlotVersion.forgottenSource
        return versions[i]
    }

    /// Removes every version of a key (all of them came from forgotten text). - Returns: the removed versions.
    mutating func remove(key: SlotKey) -> [SlotVersion] {
        let gone = versions.filter { $0.key == key }
        restore(versions.filter { $0.key != key })
        return gone
    }

    /// Whether this version is the current one of its key.
    func isCurrent(_ version: SlotVersion) -> Bool { current[version.key].map { versions[$0].version == version.version } ?? false }
}
