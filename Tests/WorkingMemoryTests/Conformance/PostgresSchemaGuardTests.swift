import Foundation
import PostgresStore
import Testing
@testable import WorkingMemory

/// A PostgreSQL database the store cannot trust is refused with one line, and nothing in it is changed.
@Suite struct PostgresSchemaGuardTests {
    @Test func aSchemaWrittenByANewerVersionIsRefused() throws {
        let url = try TestBackend.postgres.freshLocation()
        _ = try PostgresDatabases.rows(url, ["INSERT INTO wm.wm_schema (id, applied) VALUES ('pg-v99', 0) RETURNING id"])
        #expect { try StoreOpener.open(url) } throws: { ($0 as? MemoryError)?.description.contains("written by a newer wm") == true }
        let ids = try PostgresDatabases.rows(url, ["SELECT id FROM wm.wm_schema ORDER BY id"]).compactMap { String.from($0.first) }
        #expect(ids == ["pg-v1", "pg-v99"])
    }

    @Test func anotherApplicationsTablesInTheSchemaAreRefusedAndLeftAlone() throws {
        let url = try TestBackend.postgres.freshLocation()
        _ = try PostgresDatabases.rows(url, ["DROP SCHEMA wm CASCADE", "CREATE SCHEMA wm", "CREATE TABLE wm.orders (id int)",
                                             "SELECT count(*) FROM wm.orders"])
        #expect { try StoreOpener.open(url) } throws: { ($0 as? MemoryError)?.description.contains("another application's tables (orders)") == true }
        let tables = try PostgresDatabases.rows(url, ["SELECT table_name FROM information_schema.tables WHERE table_schema = 'wm'"])
        #expect(tables.compactMap { String.from($0.first) } == ["orders"])
    }

    @Test func aMalformedURLIsAClearErrorNamingWhatIsWrong() throws {
        #expect { try StoreOpener.open("postgres://wm@localhost:99999/wm") } throws: { ($0 as? MemoryError)?.description.contains("port '99999'") == true }
        #expect { try StoreOpener.open("postgres://wm@localhost/wm?sslmode=sometimes") } throws: { ($0 as? MemoryError)?.description.contains("sslmode 'sometimes'") == true }
        #expect { try StoreOpener.open("postgres://wm@localhost/wm?colour=blue") } throws: { ($0 as? MemoryError)?.description.contains("unknown parameter 'colour'") == true }
    }

    @Test func noServerAtTheURLIsAnErrorNamingTheURLWithoutItsPassword() throws {
        #expect { try StoreOpener.open("postgres://wm:hunter2@127.0.0.1:1/wm") } throws: { error in
            let text = (error as? MemoryError)?.description ?? ""
            return text.contains("cannot connect to postgres://wm@127.0.0.1:1/wm") && !text.contains("hunter2")
        }
    }
}
