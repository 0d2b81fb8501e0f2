import ArgumentParser
import Foundation
import PostgresStore
import WorkingMemory

/// `wm export`: sessions as JSON lines (events with tombstones, items, buffer, trace, facts with their history,
/// goals, steps), from any backend, for `wm import` into any backend.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write sessions as JSON lines: one session, every session of a user, or of a tenant.",
        discussion: """
          wm export --session trip --user ana > trip.jsonl            # one session
          wm export --scope user --user ana --out ana.jsonl            # every session of a user
          wm export --scope tenant --db postgres://wm@db/wm --tenant acme --out acme.jsonl
          wm import --db postgres://wm@db/wm ana.jsonl                 # into any backend
        """
    )

    enum Scope: String, ExpressibleByArgument, CaseIterable { case session, user, tenant }

    @OptionGroup var options: MemoryOptions
    @Option(help: "Tenant the sessions belong to.")
    var tenant = Namespace.defaultTenant
    @Option(help: "What to export: session (the one --user/--agent/--session name), user (every session of --user), tenant.")
    var scope: Scope = .session
    @Option(help: "Output file (default: standard output), written atomically.")
    var out: String?

    func run() throws {
        let store = try options.openStore(readOnly: true)
        let selection: ExportScope
        switch scope {
        case .session:
            do { selection = .session(try Namespace(tenant: tenant, user: options.user, agent: options.agent, session: options.session)) } catch { throw CLIError(error) }
        case .user: selection = .user(options.user, tenant: tenant)
        case .tenant: selection = .tenant(tenant)
        }
        if let out {
            try OutputFile.check(out, flag: "--out", inputs: [("--db", options.db)])
            var text = ""
            let report = try CLIErrorWrap { try store.export(selection) { text += $0 + "\n" } }
            try OutputFile.write(Data(text.utf8), to: out, flag: "--out")
            FileHandle.standardError.write(Data("exported \(Self.describe(report)) to \(out)\n".utf8))
        } else {
            let report = try CLIErrorWrap { try store.export(selection) { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) } }
            FileHandle.standardError.write(Data("exported \(Self.describe(report))\n".utf8))
        }
    }

    static func describe(_ r: TransferReport) -> String {
        let rows = r.rows.keys.sorted().map { "\(r.rows[$0]!) \($0)s" }.joined(separator: ", ")
        return "\(r.sessions.count) session\(r.sessions.count == 1 ? "" : "s")" + (rows.isEmpty ? "" : " (\(rows))")
    }
}

/// `wm import`: stores the sessions of a `wm export` file; refuses a session that exists (nothing is overwritten).
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Store the sessions of a `wm export` file (JSON lines) in the database; existing sessions are refused.")

    @Option(help: "Database: a SQLite file (created if missing) or a PostgreSQL URL, postgres://user@host:port/database.")
    var db = "wm.sqlite"
    @Option(help: "Put every session into this tenant instead of the one the file names.")
    var tenant: String?
    @Argument(help: "The export file, or - for standard input.")
    var file: String

    func run() throws {
        let text = try InputFile.text(file, flag: "FILE")
        let store: MemoryStore
        do { store = try StoreOpener.open(db) } catch { throw CLIError(error) }
        let report = try CLIErrorWrap { try store.importSessions(text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init), tenant: tenant) }
        print("imported \(Export.describe(report)) into \(store.path)")
    }
}
