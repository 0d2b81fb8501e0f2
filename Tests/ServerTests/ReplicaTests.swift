import Foundation
import PostgresStore
import Testing
import WorkingMemory

/// Several servers over one database (replicas behind a load balancer): any replica serves any session, writes
/// to one session from different replicas keep every event and number them without gaps, and a replica's
/// cached session shows what another replica wrote.
@Suite struct ReplicaTests {
    @Test(arguments: TestBackend.allCases)
    func eventsPostedAlternatelyToTwoReplicasAreAllStoredInOneGapFreeSequence(_ backend: TestBackend) async throws {
        let location = try backend.freshLocation()
        let a = try TestServer(store: try StoreOpener.open(location)), b = try TestServer(store: try StoreOpener.open(location))
        try await a.test { ca in
            try await b.test { cb in
                for k in 0..<12 {
                    let r = try await (k % 2 == 0 ? ca : cb).call(.post, sessionPath() + "/events", #"{"role": "user", "text": "Turn \#(k): the red kite nests by the river."}"#)
                    #expect(r.status == .created, "\(r)")
                    #expect(r.json.array("receptions").first?.int("seq") == k + 1)
                }
                let fromB = try await cb.call(.get, sessionPath() + "/events")
                #expect(fromB.json.array("events").compactMap { $0.int("seq") } == Array(1...12))
            }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aReplicasCachedSessionShowsWhatAnotherReplicaWrote(_ backend: TestBackend) async throws {
        let location = try backend.freshLocation()
        let a = try TestServer(store: try StoreOpener.open(location)), b = try TestServer(store: try StoreOpener.open(location))
        try await a.test { ca in
            try await b.test { cb in
                #expect(try await cb.call(.post, sessionPath() + "/events", #"{"role": "user", "text": "The boiler was serviced in March."}"#).status == .created)
                #expect(try await cb.call(.get, sessionPath() + "/items").json.array("items").count == 1)  // b has it cached now
                #expect(try await ca.call(.post, sessionPath() + "/events", #"{"role": "user", "text": "The spare key is under the blue pot."}"#).status == .created)
                let items = try await cb.call(.get, sessionPath() + "/items").json.array("items")
                #expect(items.compactMap { $0.string("text") } == ["The boiler was serviced in March.", "The spare key is under the blue pot."])
            }
        }
    }
}
