import Foundation
import PostgresStore
import Testing
import WorkingMemory

/// The storage backends the HTTP API tests run on: SQLite (in memory) and PostgreSQL when
/// `WM_TEST_POSTGRES_URL` names a server (scripts/test.sh starts one when PostgreSQL is installed). Without
/// one, the PostgreSQL case of each test is cancelled with a message saying so, never passed silently.
enum TestBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// A new, empty store: in memory, or a new database on the PostgreSQL server.
    func store() throws -> MemoryStore {
        self == .sqlite ? try MemoryStore.inMemory() : try StoreOpener.open(try freshLocation())
    }

    /// A new database several stores (replicas) can open: a temporary SQLite file or a PostgreSQL database.
    func freshLocation() throws -> String {
        switch self {
        case .sqlite:
            return FileManager.default.temporaryDirectory.appendingPathComponent("wm-replica-\(UUID().uuidString).sqlite").path
        case .postgres:
            guard let url = ProcessInfo.processInfo.environment["WM_TEST_POSTGRES_URL"], !url.isEmpty else {
                try Test.cancel("no PostgreSQL server reachable: WM_TEST_POSTGRES_URL is not set (scripts/test.sh starts one when PostgreSQL is installed); the PostgreSQL case was skipped")
            }
            return try PostgresDatabases.fresh(on: url)
        }
    }
}

extension TestServer {
    /// A server on a fresh store of `backend`.
    init(backend: TestBackend, keys: [String: String]? = nil, bodyLimit: Int = 1 << 20, cacheBytes: Int = 64 << 20) throws {
        try self.init(keys: keys, bodyLimit: bodyLimit, cacheBytes: cacheBytes, store: try backend.store())
    }
}
