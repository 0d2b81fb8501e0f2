import ArgumentParser
import Foundation
import PostgresStore
import WorkingMemory

/// Options every memory command shares: the database and the session's namespace.
struct MemoryOptions: ParsableArguments {
    @Option(help: "Database: a SQLite file (created if missing by commands that write; read-only commands never create it) or a PostgreSQL URL, postgres://user@host:port/database.")
    var db = "wm.sqlite"
    @Option(help: "User the session belongs to.")
    var user = "default"
    @Option(help: "Agent or application name.")
    var agent = "default"
    @Option(help: "Session name.")
    var session = "default"

    func namespace() throws -> Namespace {
        do { return try Namespace(user: user, agent: agent, session: session) } catch { throw CLIError(error) }
    }

    /// - Parameter readOnly: open for reading only (never creates, migrates or changes the file).
    func openStore(readOnly: Bool = false) throws -> MemoryStore {
        do { return try StoreOpener.open(db, readOnly: readOnly) } catch { throw CLIError(error) }
    }

    /// Opens an existing session; a clear error when there is none.
    /// - Parameter readOnly: for commands that change nothing (`recall`, `inspect`).
    func existingSession(readOnly: Bool = false) throws -> MemorySession {
        let store = try openStore(readOnly: readOnly)
        do { return try MemorySession.begin(try namespace(), in: store, .restored) } catch MemoryError.notFound {
            throw CLIError("no session '\(session)' (user '\(user)', agent '\(agent)') in \(db); `wm remember --session \(session) TEXT` creates it, `wm inspect --sessions` lists them")
        } catch { throw CLIError(error) }
    }

    /// Opens the session, creating it when missing.
    func openOrCreate() throws -> MemorySession {
        let store = try openStore()
        do { return try MemorySession.begin(try namespace(), in: store, .restoredOrEmpty) } catch { throw CLIError(error) }
    }
}

/// A one-line error for the terminal (ArgumentParser prints "Error: <description>").
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ error: any Error) { description = (error as? MemoryError)?.description ?? "\(error)" }
    init(_ message: String) { description = message }
}

/// Reads an ISO 8601 date ("2024-05-08", "2024-05-08T13:56", with or without zone; UTC assumed).
func parseDate(_ text: String) throws -> Date {
    let f = DateFormatter()
    f.locale = Locale(identifier: "en_US_POSIX")
    f.timeZone = TimeZone(identifier: "UTC")
    for format in ["yyyy-MM-dd'T'HH:mm:ssXXXXX", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"] {
        f.dateFormat = format
        if let d = f.date(from: text) { return d }
    }
    throw CLIError("cannot read the date '\(text)'; use ISO 8601 like 2024-05-08 or 2024-05-08T13:56")
}

func fmt(_ x: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", x) }
