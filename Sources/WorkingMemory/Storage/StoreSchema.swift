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
        return migrator
    }

    /// The migrations this binary knows, oldest first.
    static var knownIdentifiers: [String] { migrator.migrations }
}
