import GRDB

/// The database schema as a list of migrations (GRDB `DatabaseMigrator`). Append new migrations; never edit
/// a shipped one. Every table but `sessions` is keyed by the session's row id, which isolates namespaces.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE sessions (
                  id INTEGER PRIMARY KEY, user TEXT NOT NULL, agent TEXT NOT NULL, name TEXT NOT NULL,
                  created REAL NOT NULL, counters TEXT NOT NULL, parameters TEXT NOT NULL,
                  UNIQUE(user, agent, name));
                CREATE TABLE events (
                  session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
                  role TEXT NOT NULL, text TEXT NOT NULL, time REAL NOT NULL, speaker TEXT, metadata TEXT NOT NULL,
                  remember INTEGER NOT NULL, episode TEXT, PRIMARY KEY(session, seq)) WITHOUT ROWID;
                CREATE TABLE items (
                  session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, id INTEGER NOT NULL,
                  kind TEXT NOT NULL, role TEXT NOT NULL, text TEXT NOT NULL, speaker TEXT, time REAL NOT NULL,
                  event_seq INTEGER, episode TEXT NOT NULL, tokens INTEGER NOT NULL, cell REAL NOT NULL,
                  cell_turn INTEGER NOT NULL, cell_time REAL NOT NULL, pinned INTEGER NOT NULL, status TEXT NOT NULL,
                  uses INTEGER NOT NULL, metadata TEXT NOT NULL, PRIMARY KEY(session, id)) WITHOUT ROWID;
                CREATE TABLE buffer (
                  session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, event_seq INTEGER NOT NULL,
                  role TEXT NOT NULL, text TEXT NOT NULL, speaker TEXT, time REAL NOT NULL, tokens INTEGER NOT NULL,
                  refreshed_turn INTEGER NOT NULL, item_id INTEGER, PRIMARY KEY(session, event_seq)) WITHOUT ROWID;
                CREATE TABLE decisions (
                  session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
                  turn INTEGER NOT NULL, time REAL NOT NULL, gate TEXT NOT NULL, outcome TEXT NOT NULL,
                  item_id INTEGER, event_seq INTEGER, score REAL NOT NULL, features TEXT NOT NULL, note TEXT NOT NULL,
                  PRIMARY KEY(session, seq)) WITHOUT ROWID;
                CREATE INDEX decisions_item ON decisions(session, item_id);
                CREATE TABLE slots (
                  session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, version INTEGER NOT NULL,
                  entity TEXT NOT NULL, attribute TEXT NOT NULL, value TEXT, operation TEXT NOT NULL,
                  valid_from REAL NOT NULL, valid_to REAL, set_turn INTEGER NOT NULL, set_event INTEGER,
                  superseded_turn INTEGER, superseded_event INTEGER, source TEXT NOT NULL,
                  PRIMARY KEY(session, version)) WITHOUT ROWID;
                CREATE TABLE goals (
                  session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, id INTEGER NOT NULL,
                  parent INTEGER, text TEXT NOT NULL, status TEXT NOT NULL, created REAL NOT NULL, closed REAL,
                  result TEXT, PRIMARY KEY(session, id)) WITHOUT ROWID;
                CREATE TABLE steps (
                  session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, id INTEGER NOT NULL,
                  goal INTEGER NOT NULL, position INTEGER NOT NULL, text TEXT NOT NULL, status TEXT NOT NULL,
                  result TEXT, updated REAL NOT NULL, PRIMARY KEY(session, id)) WITHOUT ROWID;
                """)
        }
        // Tenants: the outermost partition of the namespace. SQLite cannot change a UNIQUE constraint in place,
        // so the table is rebuilt (https://www.sqlite.org/lang_altertable.html, "other kinds of table schema
        // changes"); GRDB runs the migration with foreign keys off and checks them before it commits.
        migrator.registerMigration("v2-tenants") { db in
            try db.execute(sql: """
                CREATE TABLE sessions_new (
                  id INTEGER PRIMARY KEY, tenant TEXT NOT NULL DEFAULT 'default', user TEXT NOT NULL,
                  agent TEXT NOT NULL, name TEXT NOT NULL, created REAL NOT NULL, counters TEXT NOT NULL,
                  parameters TEXT NOT NULL, UNIQUE(tenant, user, agent, name));
                INSERT INTO sessions_new (id, tenant, user, agent, name, created, counters, parameters)
                  SELECT id, 'default', user, agent, name, created, counters, parameters FROM sessions;
                DROP TABLE sessions;
                ALTER TABLE sessions_new RENAME TO sessions;
                """)
        }
        // Forgetting: a forgotten event stays as a tombstone (sequence number, role, time and the time it was
        // forgotten; its text, speaker and metadata emptied), so the event count and the turn numbers stay true.
        migrator.registerMigration("v3-forgotten-events") { db in
            try db.execute(sql: "ALTER TABLE events ADD COLUMN forgotten REAL")
        }
        // Many writers: every committed write of a session adds one to its version, so a writer (another
        // process, another MemorySession object, a server replica) sees inside its transaction whether someone
        // else wrote since it loaded the session (`MemorySession.mutate`).
        migrator.registerMigration("v4-session-versions") { db in
            try db.execute(sql: "ALTER TABLE sessions ADD COLUMN version INTEGER NOT NULL DEFAULT 0")
        }
        // Incremental catch-up: rows of the episodic store, sketchpad and executive carry the version that last
        // wrote them, and `sessions.reset` the last version that deleted such rows or changed the parameters,
        // so a cached session reads only what another writer changed since its version (`MemoryStore.changes`).
        migrator.registerMigration("v5-change-versions") { db in
            try db.execute(sql: """
                ALTER TABLE sessions ADD COLUMN reset INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE items ADD COLUMN changed INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE slots ADD COLUMN changed INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE goals ADD COLUMN changed INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE steps ADD COLUMN changed INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX items_changed ON items(session, changed);
                """)
        }
        // Item vectors for the hybrid ranking (MemoryStore+Vectors.swift): the model's name and dimension stored
        // with each vector, and a fingerprint of the text it was made from. A deleted item takes its vector
        // with it (the trigger), so forgetting leaves no vector of the forgotten text behind.
        migrator.registerMigration("v6-item-vectors") { db in
            try db.execute(sql: """
                CREATE TABLE item_vectors (
                  session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, item_id INTEGER NOT NULL,
                  model TEXT NOT NULL, dimension INTEGER NOT NULL, text_fingerprint INTEGER NOT NULL, vector BLOB NOT NULL,
                  PRIMARY KEY(session, item_id)) WITHOUT ROWID;
                CREATE TRIGGER item_vectors_follow_items AFTER DELETE ON items BEGIN
                  DELETE FROM item_vectors WHERE session = OLD.session AND item_id = OLD.id;
                END;
                """)
        }
        return migrator
    }

    /// The migrations this binary knows, oldest first.
    static let known: [String] = migrator.migrations

    /// Checks that the file is ours and not newer, then migrates it (unless read-only). Two processes opening
    /// one new file at once both try to migrate; GRDB runs each migration in its own IMMEDIATE transaction, so
    /// the second one fails on the first's tables: it then finds the schema complete and goes on.
    static func prepare(_ writer: any DatabaseWriter, path: String, readOnly: Bool) throws {
        let applied = try writer.read { try check($0, path: path) }
        if applied == Set(known) { return }
        if readOnly {
            if applied.isEmpty { throw MemoryError.storage("'\(path)' holds no WorkingMemory data; check the path (--db)") }
            throw MemoryError.storage("'\(path)' has schema v\(applied.count), older than this wm's v\(known.count); a writing command (e.g. `wm remember`) upgrades it (nothing was changed)")
        }
        do {
            try migrator.migrate(writer)
        } catch {
            if let now = try? writer.read({ try check($0, path: path) }), now == Set(known) { return }
            throw error
        }
        // A file written before secure delete was on may hold old copies of deleted or rewritten rows in its
        // free space; rebuilding it once on the upgrade leaves none for a later forget to miss.
        if !applied.isEmpty, !applied.contains("v3-forgotten-events") {
            try writer.vacuum()
            try writer.writeWithoutTransaction { _ = try $0.checkpoint(.truncate) }
        }
    }

    /// The migrations applied to a file; refuses another application's database and a newer schema.
    static func check(_ db: Database, path: String) throws -> Set<String> {
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        // Only GRDB's bookkeeping table and no migration yet: another wm is creating this file right now (the
        // migrator commits that table before the first migration's transaction): a new file, not a foreign one.
        if tables.isEmpty { return [] }
        if tables == ["grdb_migrations"], try migrator.appliedIdentifiers(db).isEmpty { return [] }
        let applied = tables.contains("grdb_migrations") ? try migrator.appliedIdentifiers(db) : []
        guard applied.contains("v1") else {
            throw MemoryError.storage("'\(path)' is another application's SQLite database (tables: \(tables.prefix(5).joined(separator: ", "))); give wm a file of its own with --db (nothing was changed)")
        }
        let unknown = applied.subtracting(known)
        if !unknown.isEmpty {
            throw MemoryError.storage("'\(path)' was written by a newer wm (schema v\(applied.count); this wm knows v\(known.count), not \(unknown.sorted().joined(separator: ", "))); use that version or a newer one (nothing was changed)")
        }
        return applied
    }
}
