import Foundation

/// What `MemoryStore.export` writes: one session, every session of a user, or every session of a tenant.
public enum ExportScope: Sendable {
    case session(Namespace)
    case user(String, tenant: String)
    case tenant(String)
}

/// What an export or import moved.
public struct TransferReport: Sendable, Equatable {
    public var sessions: [Namespace] = []
    /// Rows per line kind (`event`, `item`, `fact`, ...).
    public var rows: [String: Int] = [:]
}

extension MemoryStore {
    /// Writes sessions as JSON lines (`StoreExport`): any backend's export imports into any backend.
    /// Each session is read in one snapshot.
    /// - Parameter write: receives each line (without its newline).
    /// - Throws: `.notFound` for a scope with no session; `.storage`.
    @discardableResult
    public func export(_ scope: ExportScope, _ write: (String) throws -> Void) throws -> TransferReport {
        let tenant: String
        let names: [Namespace]
        switch scope {
        case .session(let ns): tenant = ns.tenant; names = try namespaces(tenant: ns.tenant).filter { $0 == ns }
        case .user(let u, let t): tenant = t; names = try namespaces(tenant: t).filter { $0.user == u }
        case .tenant(let t): tenant = t; names = try namespaces(tenant: t)
        }
        if names.isEmpty { throw MemoryError.notFound("no session to export (\(scope)) in '\(path)'") }
        var report = TransferReport()
        for ns in names {
            try reading(tenant, "export session") { c in
                guard let raw = try c.rows("SELECT * FROM sessions WHERE tenant = ? AND \"user\" = ? AND agent = ? AND name = ?", Self.key(ns)).first else { return }
                let r = StoredRow(raw, table: "sessions", key: { "id \($0["id"])" })
                let id: Int64 = try r("id")
                let head = StoreExport.SessionLine(namespace: ns, created: try r("created"), version: try r("version"), reset: try r("reset"),
                                                   counters: try r("counters"), parameters: try r("parameters"))
                try write(Self.json(head))
                for t in StoreExport.tables {
                    for row in try c.rows("SELECT * FROM \(t.table) WHERE session = ? ORDER BY \(t.key)", [.integer(id)]) {
                        try write(StoreExport.line(kind: t.kind, row))
                        report.rows[t.kind, default: 0] += 1
                    }
                }
            }
            report.sessions.append(ns)
        }
        return report
    }

    /// Reads JSON lines written by `export` and stores their sessions, each in one transaction. Every line is
    /// checked before anything is written; a session that exists already is refused (nothing is overwritten).
    /// - Parameter tenant: puts every session into this tenant instead of the one the lines name.
    /// - Throws: `.invalidArgument` naming the line for a malformed line, an unknown kind or column, or a session
    ///   that exists; `.storage`.
    @discardableResult
    public func importSessions(_ lines: [String], tenant: String? = nil) throws -> TransferReport {
        typealias Pending = (head: StoreExport.SessionLine, rows: [(table: String, kind: String, values: [String: SQLValue])])
        var sessions: [Pending] = []
        let kinds = Dictionary(uniqueKeysWithValues: StoreExport.tables.map { ($0.kind, $0.table) })
        for (n, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let data = Data(line.utf8)
            let kind: String
            do { kind = try JSONDecoder().decode(StoreExport.Kind.self, from: data).type ?? "" } catch {
                throw MemoryError.invalidArgument("line \(n + 1) is not a JSON object (\(JSONErrorText.describe(error))); nothing was imported")
            }
            if kind == "session" {
                do {
                    var head = try JSONDecoder().decode(StoreExport.SessionLine.self, from: data)
                    if let tenant { head.namespace = try Namespace(tenant: tenant, user: head.namespace.user, agent: head.namespace.agent, session: head.namespace.session) }
                    _ = try Self.decode(SessionCounters.self, head.counters)
                    try Self.decode(GateParameters.self, head.parameters).validate()
                    sessions.append((head, []))
                } catch let e as MemoryError { throw e } catch {
                    throw MemoryError.invalidArgument("line \(n + 1): a session line needs namespace, created, version, reset, counters, parameters (\(JSONErrorText.describe(error))); nothing was imported")
                }
                continue
            }
            guard let table = kinds[kind] else {
                throw MemoryError.invalidArgument("line \(n + 1): unknown type '\(kind)'; expected session, \(StoreExport.tables.map(\.kind).joined(separator: ", ")); nothing was imported")
            }
            guard !sessions.isEmpty else { throw MemoryError.invalidArgument("line \(n + 1): a '\(kind)' line before any session line; nothing was imported") }
            var values: [String: SQLValue]
            do { values = try JSONDecoder().decode([String: StoreExport.Value].self, from: data).mapValues(\.sql) } catch {
                throw MemoryError.invalidArgument("line \(n + 1): a '\(kind)' line holds a value that is not a number, text, true/false or null (\(JSONErrorText.describe(error))); nothing was imported")
            }
            values["type"] = nil
            let allowed = StoreExport.columns[table] ?? []
            if let bad = values.keys.sorted().first(where: { !allowed.contains($0) }) {
                throw MemoryError.invalidArgument("line \(n + 1): '\(kind)' has no field '\(bad)'; nothing was imported")
            }
            sessions[sessions.count - 1].rows.append((table, kind, values))
        }
        var seen = Set<Namespace>()
        for s in sessions {
            let ns = s.head.namespace
            if !seen.insert(ns).inserted { throw MemoryError.invalidArgument("session \(ns) appears twice in the import; nothing was imported") }
            if try sessionRow(ns) != nil { throw MemoryError.invalidArgument("session \(ns) exists already in '\(path)'; forget it first or import into another tenant (nothing was imported)") }
        }
        var report = TransferReport()
        for s in sessions {
            let ns = s.head.namespace
            try transaction(ns.tenant, "import session") { c in
                guard let id = try c.rows("""
                    INSERT INTO sessions (tenant, "user", agent, name, created, counters, parameters, version, reset)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                    """, Self.key(ns) + [.real(s.head.created), .text(s.head.counters), .text(s.head.parameters), .integer(s.head.version),
                                         .integer(s.head.reset)]).first.flatMap({ Int64.from($0.first) }) else {
                    throw MemoryError.storage("import of \(ns): the new session row has no id")
                }
                for row in s.rows {
                    let names = row.values.keys.sorted()
                    let sql = "INSERT INTO \(row.table) (session, \(names.joined(separator: ", "))) VALUES (?\(String(repeating: ", ?", count: names.count)))"
                    try c.execute(sql, [.integer(id)] + names.map { row.values[$0]! })
                    report.rows[row.kind, default: 0] += 1
                }
                // A row that breaks the session's invariants (a wrong type, a missing field) fails here, and the
                // session's transaction rolls back.
                _ = try Self.load(session: id, c)
            }
            report.sessions.append(ns)
        }
        return report
    }
}
