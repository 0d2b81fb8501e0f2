import Foundation
import PostgresStore
import Testing
@testable import WorkingMemory

/// Tenants are hard partitions in PostgreSQL: not a filter in each query but row-level security, checked here
/// through raw SQL on the role the store's transactions run as, past the store's own code.
@Suite struct RowLevelSecurityTests {
    /// A fresh database holding one session of tenant `acme` with an item, a fact and a goal.
    func acmeDatabase() throws -> String {
        let location = try TestBackend.postgres.freshLocation()
        let s = try MemorySession.begin(try Namespace(tenant: "acme", user: "ana", session: "plans"), in: try StoreOpener.open(location))
        try s.receive(MemoryEvent(.user, "Remember: the merger closes on 3 May.", time: at(0)))
        try s.setSlot(SlotKey(attribute: "codename"), to: .text("bluebird"))
        _ = try s.pushGoal("prepare the merger memo")
        return location
    }

    func count(_ url: String, _ table: String, asTenant tenant: String?) throws -> Int64 {
        var statements = ["SET ROLE wm_tenant"]
        if let tenant { statements.append("SELECT set_config('wm.tenant', '\(tenant)', false)") }
        statements.append("SELECT count(*) FROM wm.\(table)")
        return try PostgresDatabases.rows(url, statements).first.flatMap { Int64.from($0.first) } ?? -1
    }

    static let tables = ["sessions", "events", "items", "buffer", "decisions", "slots", "goals"]

    @Test func anotherTenantReadsNoRowOfAnyTableThroughRawSQL() throws {
        let url = try acmeDatabase()
        for table in Self.tables {
            #expect(try count(url, table, asTenant: "acme") > 0, "acme's own \(table)")
            #expect(try count(url, table, asTenant: "globex") == 0, "globex reading \(table)")
        }
    }

    @Test func aTransactionThatSetNoTenantReadsNoRow() throws {
        let url = try acmeDatabase()
        for table in Self.tables { #expect(try count(url, table, asTenant: nil) == 0, "\(table)") }
    }

    @Test func aRowOfAnotherTenantCannotBeWrittenOrChanged() throws {
        let url = try acmeDatabase()
        #expect(throws: (any Error).self) {
            try PostgresDatabases.rows(url, ["SET ROLE wm_tenant", "SELECT set_config('wm.tenant', 'globex', false)",
                                             "INSERT INTO wm.sessions (tenant, \"user\", agent, name, created, counters, parameters) VALUES ('acme', 'x', 'y', 'z', 0, '{}', '{}')"])
        }
        let changed = try PostgresDatabases.rows(url, ["SET ROLE wm_tenant", "SELECT set_config('wm.tenant', 'globex', false)",
                                                       "WITH d AS (DELETE FROM wm.items RETURNING 1) SELECT count(*) FROM d"])
        #expect(changed.first.flatMap { Int64.from($0.first) } == 0)
        #expect(try count(url, "items", asTenant: "acme") > 0)
    }

    @Test func theTenantRoleCannotBypassTheRules() throws {
        let url = try acmeDatabase()
        let role = try #require(try PostgresDatabases.rows(url, ["SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'wm_tenant'"]).first)
        #expect(role["rolsuper"] == .boolean(false))
        #expect(role["rolbypassrls"] == .boolean(false))
        let owned = try PostgresDatabases.rows(url, ["SELECT count(*) FROM pg_tables WHERE schemaname = 'wm' AND tableowner = 'wm_tenant'"])
        #expect(owned.first.flatMap { Int64.from($0.first) } == 0)
        let forced = try PostgresDatabases.rows(url, ["SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'wm' AND c.relkind = 'r' AND c.relname <> 'wm_schema' AND c.relrowsecurity AND c.relforcerowsecurity"])
        #expect(forced.first.flatMap { Int64.from($0.first) } == 8)
    }

    @Test func theStoreOfAnotherTenantSeesNoSession() throws {
        let url = try acmeDatabase()
        let store = try StoreOpener.open(url)
        #expect(try store.namespaces(tenant: "globex").isEmpty)
        #expect(try store.namespaces(tenant: "acme").count == 1)
        #expect(throws: MemoryError.self) { try store.namespaces(tenant: nil) }
    }
}
