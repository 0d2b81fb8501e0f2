import Foundation
import GRDB
import Testing
@testable import WorkingMemory

/// Several writers of one session: each write applies what the others committed first.
@Suite struct ManyWritersTests {
    @Test(arguments: TestBackend.allCases) func twoSessionObjectsOnOneNamespaceInterleaveWithoutLosingAWrite(_ backend: TestBackend) throws {
        let store = try backend.store()
        let a = try MemorySession.begin(try namespace(), in: store, .empty)
        let b = try MemorySession.begin(try namespace(), in: store, .restored)
        for k in 0..<20 {
            try (k % 2 == 0 ? a : b).receive(MemoryEvent(.user, "Remember: fact number \(k) about the cellar.", time: at(Double(k))))
        }
        #expect(try a.events().map(\.seq) == Array(1...20))
        #expect(a.turn == 19)  // a wrote last at k = 18
        try a.refreshIfChanged()
        #expect(a.turn == 20)
        #expect(a.items.count == 20)
    }

    @Test func twoStoresOnOneFileAreTwoProcessesAsFarAsTheFileKnows() throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        let a = try MemorySession.begin(try namespace(), in: try MemoryStore(path: path), .empty)
        let b = try MemorySession.begin(try namespace(), in: try MemoryStore(path: path), .restored)
        let group = DispatchGroup()
        let failures = Failures()
        for (w, s) in [(0, a), (1, b)] {
            DispatchQueue.global().async(group: group) {
                for k in 0..<50 {
                    do { try s.receive(MemoryEvent(.user, "writer \(w) turn \(k) on the boat", time: at(Double(k)))) } catch { failures.add(error) }
                }
            }
        }
        group.wait()
        #expect(failures.errors.isEmpty, "\(failures.errors.prefix(3))")
        let restored = try MemorySession.begin(try namespace(), in: try MemoryStore(path: path), .restored)
        #expect(restored.turn == 100)
        #expect(try restored.events().count == 100)
        #expect(Set(try restored.events().map(\.event.text)).count == 100)
    }

    @Test(arguments: TestBackend.allCases) func aCachedSessionSeesAnotherWritersItemInRecall(_ backend: TestBackend) throws {
        let store = try backend.store()
        let cached = try MemorySession.begin(try namespace(), in: store, .empty)
        try cached.add("The boiler was serviced in March.")
        let other = try MemorySession.begin(try namespace(), in: store, .restored)
        try other.add("The spare key is under the blue pot.")
        #expect(try cached.recall("spare key").first?.item.text == "The spare key is under the blue pot.")
    }

    @Test(arguments: TestBackend.allCases) func refreshIfChangedCostsNothingWhenNothingChanged(_ backend: TestBackend) throws {
        let s = try newSession(store: try backend.store())
        try s.add("one note")
        #expect(try s.refreshIfChanged() == false)
    }

    @Test(arguments: TestBackend.allCases) func aWriteToASessionAnotherWriterForgotIsRefused(_ backend: TestBackend) throws {
        let store = try backend.store()
        let s = try MemorySession.begin(try namespace(user: "ana"), in: store, .empty)
        try s.add("a note")
        try store.forgetUser("ana")
        #expect(throws: MemoryError.self) { try s.add("another note") }
        #expect(try store.namespaces().isEmpty)
    }

    @Test func twoWritersCreatingOneSessionGetTheSameSession() throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        let stores = [try MemoryStore(path: path), try MemoryStore(path: path)]
        let group = DispatchGroup()
        let failures = Failures()
        for store in stores {
            DispatchQueue.global().async(group: group) {
                do { try MemorySession.begin(try namespace("new"), in: store).add("hello from a writer") } catch { failures.add(error) }
            }
        }
        group.wait()
        #expect(failures.errors.isEmpty, "\(failures.errors)")
        #expect(try MemorySession.begin(try namespace("new"), in: stores[0], .restored).items.count == 2)
    }
}

/// Errors collected from several threads.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var errors: [any Error] = []
    func add(_ e: any Error) { lock.withLock { errors.append(e) } }
}
