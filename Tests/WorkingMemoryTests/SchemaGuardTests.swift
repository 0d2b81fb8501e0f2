import Foundation
import GRDB
import Testing
@testable import WorkingMemory

/// What the store refuses to open, and that refusing changes no byte.
@Suite struct SchemaGuardTests {
    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func aSchemaNewerThanThisVersionIsRefused() throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        do {
            try MemorySession.begin(try namespace(), in: try MemoryStore(path: path), .empty).add("kept")
            let q = try DatabaseQueue(path: path)
            try q.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99-from-the-future')") }
        }
        let before = try bytes(path)
        #expect {
            try MemoryStore(path: path)
        } throws: { ($0 as? MemoryError)?.description.contains("written by a newer wm (schema v\(StoreSchema.known.count + 1)") == true }
        #expect(try bytes(path) == before)
    }

    @Test func anotherApplicationsDatabaseIsRefused() throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        do {
            let q = try DatabaseQueue(path: path)
            try q.write { try $0.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)") }
        }
        let before = try bytes(path)
        #expect {
            try MemoryStore(path: path)
        } throws: { ($0 as? MemoryError)?.description.contains("another application's SQLite database (tables: invoices)") == true }
        #expect(try bytes(path) == before)
    }

    @Test func readOnlyNeverCreatesAFile() throws {
        let path = temporaryDatabase()
        #expect(throws: MemoryError.self) { try MemoryStore(path: path, readOnly: true) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aWrongTypedValueIsAnErrorNamingTableColumnAndRow() throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        do {
            try MemorySession.begin(try namespace(), in: try MemoryStore(path: path), .empty).add("a note")
            let q = try DatabaseQueue(path: path)
            try q.write { try $0.execute(sql: "UPDATE items SET cell = 'abc'") }
        }
        #expect {
            try MemorySession.begin(try namespace(), in: try MemoryStore(path: path), .restored)
        } throws: { ($0 as? MemoryError)?.description.contains("items.cell of row session 1, id 1 holds \"abc\"") == true }
    }

    @Test func anUnknownRoleIsAnErrorNotADefault() throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        do {
            try MemorySession.begin(try namespace(), in: try MemoryStore(path: path), .empty).receive(MemoryEvent(.user, "hello there", time: at(0)))
            let q = try DatabaseQueue(path: path)
            try q.write { try $0.execute(sql: "UPDATE buffer SET role = 'wizard'") }
        }
        #expect {
            try MemorySession.begin(try namespace(), in: try MemoryStore(path: path), .restored)
        } throws: { ($0 as? MemoryError)?.description.contains("buffer.role of row session 1, event_seq 1 holds \"wizard\", expected one of user, assistant, tool, observation") == true }
    }

    @Test func aDirectoryOrAMissingFolderIsASentence() throws {
        let folder = FileManager.default.temporaryDirectory.path
        #expect(throws: MemoryError.storage("'\(folder)' is a directory; give the path of a database file (e.g. \(folder)/wm.sqlite)")) {
            try MemoryStore(path: folder)
        }
        #expect(throws: MemoryError.storage("cannot create '/no/such/folder/wm.sqlite': the folder '/no/such/folder' does not exist")) {
            try MemoryStore(path: "/no/such/folder/wm.sqlite")
        }
    }

    @Test func upgradingAFileFromBeforeSecureDeleteLeavesNoOldCopyOfDeletedText() throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        do {
            var config = Configuration()
            config.prepareDatabase { try $0.execute(sql: "PRAGMA secure_delete = OFF") }
            let q = try DatabaseQueue(path: path, configuration: config)
            try StoreSchema.migrator.migrate(q, upTo: "v2-tenants")
            try q.write { db in
                try db.execute(sql: "INSERT INTO sessions (tenant, user, agent, name, created, counters, parameters) VALUES ('default', 'u', 'a', 's', 0, '{}', '{}')")
                try db.execute(sql: "INSERT INTO items VALUES (1, 1, 'note', 'user', 'the locker code is 7781', NULL, 0, NULL, 'e1', 5, 1, 0, 0, 0, 'active', 0, '{}')")
                try db.execute(sql: "DELETE FROM items")
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).range(of: Data("7781".utf8)) != nil)
        let store = try MemoryStore(path: path)
        for file in [path, path + "-wal"] where FileManager.default.fileExists(atPath: file) {
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)).range(of: Data("7781".utf8)) == nil, "\(file)")
        }
        #expect(try store.namespaces().map(\.session) == ["s"])
    }
}
