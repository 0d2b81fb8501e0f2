import Foundation
import PostgresStore
import Testing
@testable import WorkingMemory

/// The storage backends every conformance test runs on. PostgreSQL runs when `WM_TEST_POSTGRES_URL` names a
/// server (scripts/test.sh starts a throwaway cluster when PostgreSQL is installed); without one, the
/// PostgreSQL case of each test is cancelled with a message saying so, never passed silently.
enum TestBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static var postgresURL: String? { ProcessInfo.processInfo.environment["WM_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 } }

    /// A location for a new, empty database: a temporary SQLite file, or a new PostgreSQL database.
    func freshLocation() throws -> String {
        switch self {
        case .sqlite:
            return temporaryDatabase()
        case .postgres:
            guard let url = Self.postgresURL else {
                try Test.cancel("no PostgreSQL server reachable: WM_TEST_POSTGRES_URL is not set (scripts/test.sh starts one when PostgreSQL is installed); the PostgreSQL case was skipped")
            }
            return try PostgresDatabases.fresh(on: url)
        }
    }

    /// Opens a location made by `freshLocation` (again: a restart).
    func open(_ location: String) throws -> MemoryStore { try StoreOpener.open(location) }

    /// A new, empty store.
    func store() throws -> MemoryStore { try open(try freshLocation()) }

    /// Removes a SQLite location's files (a PostgreSQL test database stays with the throwaway cluster).
    func remove(_ location: String) {
        if self == .sqlite { removeDatabase(location) }
    }
}
