import Foundation

extension MemorySession {
    /// Sets a slot; the previous value is kept in the history, closed with this change.
    /// - Returns: the new version, or nil when the value was already current.
    @discardableResult
    public func setSlot(_ key: SlotKey, to value: SlotValue) throws -> SlotVersion? {
        try Self.validate(key, value)
        return try mutate { applySlot(.set, key, value, event: nil, source: "caller") }
    }

    /// Appends an element to a list slot (a scalar slot becomes a one-element list first).
    @discardableResult
    public func appendToSlot(_ key: SlotKey, _ element: String) throws -> SlotVersion? {
        try Self.validate(key, .text(element))
        return try mutate { applySlot(.append, key, .text(element), event: nil, source: "caller") }
    }

    /// Removes an element from a list slot. - Returns: nil when it was not in the list.
    @discardableResult
    public func removeFromSlot(_ key: SlotKey, _ element: String) throws -> SlotVersion? {
        try Self.validate(key)
        return try mutate { applySlot(.remove, key, .text(element), event: nil, source: "caller") }
    }

    /// Deletes a slot's current value (a tombstone version; the history stays).
    @discardableResult
    public func deleteSlot(_ key: SlotKey) throws -> SlotVersion? {
        try Self.validate(key)
        return try mutate { applySlot(.delete, key, nil, event: nil, source: "caller") }
    }

    static func validate(_ key: SlotKey, _ value: SlotValue? = nil) throws {
        if key.entity.trimmingCharacters(in: .whitespaces).isEmpty || key.attribute.trimmingCharacters(in: .whitespaces).isEmpty {
            throw MemoryError.invalidArgument("slot entity and attribute must not be empty (got '\(key)')")
        }
        try PromptText.checkField(key.entity, "slot entity")
        try PromptText.checkField(key.attribute, "slot attribute")
        switch value {
        case .text(let t): try PromptText.checkField(t, "slot value")
        case .list(let xs): for x in xs { try PromptText.checkField(x, "slot list element") }
        case .number(let x): if !x.isFinite { throw MemoryError.invalidArgument("slot value \(x) is not a finite number") }
        case nil: break
        }
    }

    /// Applies a slot operation and records it; lock held. - Returns: the new version, if anything changed.
    func applySlot(_ op: SlotVersion.Operation, _ key: SlotKey, _ value: SlotValue?, event: Int64?, source: String) -> SlotVersion? {
        guard case .some(let newValue) = state.sketchpad.proposedValue(op, key, value) else { return nil }
        let version = SlotVersion(
            version: state.counters.nextSlot, key: key, value: newValue, operation: op, validFrom: state.now, validTo: nil,
            setTurn: state.counters.turn, setEvent: event, supersededTurn: nil, supersededEvent: nil, source: source)
        state.counters.nextSlot += 1
        let oldValue = state.sketchpad.value(key)
        if let closed = state.sketchpad.apply(version) {
            let old = state.sketchpad.versions[closed]
            state.pending.append(.slot(old))
            state.decide(.caller, .superseded, event: event, score: 0, features: ["oldVersion": Double(old.version), "newVersion": Double(version.version)],
                         note: "\(key): '\(oldValue?.description ?? "(deleted)")' superseded by '\(newValue?.description ?? "(deleted)")' (\(source))")
            // The turn that stated the old value stays, marked: the output gate ranks it lower and labels it.
            if let e = old.setEvent, let id = state.episodic.item(ofEvent: e), var item = state.episodic[id] {
                item.metadata["superseded"] = "\(key) is now \(newValue?.description ?? "deleted")"
                state.episodic.update(item)
                state.pending.append(.item(item))
                state.decide(.caller, .superseded, item: id, event: event, score: 0,
                             note: "states an old value: \(key) is now '\(newValue?.description ?? "deleted")'")
            }
        } else {
            state.decide(.caller, .added, event: event, score: 0, features: ["newVersion": Double(version.version)],
                         note: "\(key) = '\(newValue?.description ?? "")' (\(source))")
        }
        state.pending.append(.slot(version))
        return version
    }
}
