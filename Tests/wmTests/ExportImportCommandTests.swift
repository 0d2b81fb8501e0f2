import Foundation
import Testing

/// `wm export` and `wm import` end to end: a session moves between databases (SQLite files, and a PostgreSQL
/// database when WM_TEST_POSTGRES_URL names a server) and is recalled there.
@Suite struct ExportImportCommandTests {
    @Test func aSessionExportedFromOneFileIsRecalledAfterItsImportIntoAnother() throws {
        let t = try TemporaryFolder()
        let (from, to, file) = (t.path("from.sqlite"), t.path("to.sqlite"), t.path("trip.jsonl"))
        #expect(try WMProcess.run(["remember", "--db", from, "--user", "ana", "--session", "trip", "--pin", "The gate code is 4411."]).status == 0)
        let e = try WMProcess.run(["export", "--db", from, "--user", "ana", "--session", "trip", "--out", file])
        #expect(e.status == 0, "\(e.stderr)")
        #expect(e.stderr.contains("exported 1 session"))
        let i = try WMProcess.run(["import", "--db", to, file])
        #expect(i.status == 0, "\(i.stderr)")
        let q = try WMProcess.run(["recall", "--db", to, "--user", "ana", "--session", "trip", "gate code"])
        #expect(q.stdout.contains("The gate code is 4411."), "\(q.stderr)")
    }

    @Test func importingASessionThatExistsIsRefusedInOneLineAndChangesNothing() throws {
        let t = try TemporaryFolder()
        let (db, file) = (t.path("m.sqlite"), t.path("s.jsonl"))
        #expect(try WMProcess.run(["remember", "--db", db, "--pin", "Lunch was pasta."]).status == 0)
        #expect(try WMProcess.run(["export", "--db", db, "--out", file]).status == 0)
        let again = try WMProcess.run(["import", "--db", db, file])
        #expect(again.status == 1)
        #expect(again.errorLines.count == 1 && again.stderr.contains("exists already"), "\(again.stderr)")
        #expect(try WMProcess.run(["inspect", "--db", db]).stdout.contains("Lunch was pasta."))
    }

    @Test func aSessionMovesFromSQLiteToPostgreSQLAndIsRecalledThere() throws {
        guard let url = ProcessInfo.processInfo.environment["WM_TEST_POSTGRES_URL"], !url.isEmpty else {
            try Test.cancel("no PostgreSQL server reachable: WM_TEST_POSTGRES_URL is not set (scripts/test.sh starts one when PostgreSQL is installed); skipped")
        }
        let t = try TemporaryFolder()
        let (db, file) = (t.path("m.sqlite"), t.path("s.jsonl"))
        let user = "u\(UUID().uuidString.prefix(8))"
        #expect(try WMProcess.run(["remember", "--db", db, "--user", user, "--pin", "我下周去上海开会，记住带护照。"]).status == 0)
        #expect(try WMProcess.run(["export", "--db", db, "--user", user, "--out", file]).status == 0)
        let i = try WMProcess.run(["import", "--db", url, file])
        #expect(i.status == 0, "\(i.stderr)")
        #expect(!i.stdout.contains("password"))
        let q = try WMProcess.run(["recall", "--db", url, "--user", user, "护照"])
        #expect(q.stdout.contains("记住带护照"), "\(q.stderr)")
    }
}
