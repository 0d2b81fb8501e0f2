import Foundation
import GRDB
import Testing
@testable import WorkingMemory

/// The database file under attack or accident: locked by another process, truncated, random bytes, a device, a
/// link loop, empty. Each gets one sentence, and nothing stored is lost or changed.
@Suite struct HostileStorageTests {
    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func aDatabaseLockedLongerThanTheBusyTimeoutRefusesTheWriteAndLosesNothing() throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        let s = try MemorySession.begin(try namespace(), in: try MemoryStore(path: path, busyTimeout: 0.3), .empty)
        try s.receive(MemoryEvent(.user, "The first note stays.", time: at(0)))
        // Another connection holds the write lock on a thread of its own until told to let go.
        let other = try DatabaseQueue(path: path)
        let locked = DispatchSemaphore(value: 0), letGo = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            try? other.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN EXCLUSIVE")
                locked.signal()
                letGo.wait()
                try db.execute(sql: "COMMIT")
            }
            done.signal()
        }
        locked.wait()
        #expect { try s.receive(MemoryEvent(.user, "A note that waits for the lock.", time: at(1))) } throws: { error in
            "\(error)".contains("stayed locked by another connection") && "\(error)".contains("nothing was changed")
        }
        letGo.signal()
        done.wait()
        #expect(try s.events().map(\.event.text) == ["The first note stays."])
        try s.receive(MemoryEvent(.user, "After the lock, a write goes through.", time: at(2)))
        #expect(try s.events().count == 2)
    }

    /// A file with one session of forty notes, closed (its log checkpointed into the file).
    func storedFile() throws -> String {
        let path = temporaryDatabase()
        let s = try MemorySession.begin(try namespace(), in: try MemoryStore(path: path), .empty)
        for k in 1...40 { try s.receive(MemoryEvent(.user, "Remember: note \(k) about the garden shed and its \(k) tools.", time: at(Double(k)))) }
        return path
    }

    @Test func aTruncatedDatabaseIsRefusedWithASentenceAndLeftAsItWas() throws {
        let path = try storedFile()
        defer { removeDatabase(path) }
        let cut = try bytes(path).prefix(3000)
        try cut.write(to: URL(fileURLWithPath: path))
        for readOnly in [true, false] {
            #expect(throws: MemoryError.self) {
                _ = try MemorySession.begin(try namespace(), in: try MemoryStore(path: path, readOnly: readOnly), .restored)
            }
        }
        #expect(try bytes(path) == cut)
    }

    @Test func aFileOfRandomBytesIsRefusedAndLeftByteForByte() throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        var generator = SystemRandomNumberGenerator()
        let noise = Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try noise.write(to: URL(fileURLWithPath: path))
        #expect(throws: MemoryError.self) { try MemoryStore(path: path) }
        #expect(try bytes(path) == noise)
    }

    @Test func aDeviceIsNotADatabaseFile() throws {
        #expect { try MemoryStore(path: "/dev/null") } throws: { "\($0)".contains("is not a regular file") }
        #expect { try MemoryStore(path: "/dev/null", readOnly: true) } throws: { "\($0)".contains("is not a regular file") }
    }

    @Test func aSymbolicLinkLoopIsNamedAsOne() throws {
        let path = temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: path)
        #expect { try MemoryStore(path: path) } throws: { "\($0)".contains("symbolic link in a loop") }
    }

    @Test func aZeroByteFileIsANewDatabase() throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        FileManager.default.createFile(atPath: path, contents: Data())
        let s = try MemorySession.begin(try namespace(), in: try MemoryStore(path: path), .empty)
        try s.receive(MemoryEvent(.user, "A first note in an empty file.", time: at(0)))
        #expect(try s.events().count == 1)
    }

    @Test func chineseAndEmojiInEveryTextFieldComeBackExactlyAfterARestart() throws {
        let path = temporaryDatabase()
        defer { removeDatabase(path) }
        let ns = try Namespace(tenant: "租户🏢", user: "用户👤", agent: "助手🤖", session: "会话🧪")
        let text = "我们周五在上海见面 🎉 👩‍👩‍👧 e\u{301}"
        do {
            let s = try MemorySession.begin(ns, in: try MemoryStore(path: path), .empty)
            try s.receive(MemoryEvent(.user, text, time: at(0), speaker: "李雷🙂", metadata: ["地点": "上海🏙"]))
            try s.setSlot(SlotKey(entity: "李雷🙂", attribute: "城市"), to: .text("上海🏙"))
            let goal = try s.pushGoal("订票 ✈️")
            try s.addStep("比较价格 💶", to: goal.id)
        }
        let store = try MemoryStore(path: path)
        #expect(try store.namespaces(tenant: nil) == [ns])
        let s = try MemorySession.begin(ns, in: store, .restored)
        let (seq, event) = try #require(try s.events().first)
        #expect(event.text == text && event.speaker == "李雷🙂" && event.metadata["地点"] == "上海🏙")
        #expect(s.sketchpad.value(SlotKey(entity: "李雷🙂", attribute: "城市")) == .text("上海🏙"))
        #expect(s.executive.goals.map(\.text) == ["订票 ✈️"])
        #expect(s.executive.steps.map(\.text) == ["比较价格 💶"])
        #expect(try s.forget(.matching("上海 见面"), dryRun: true).events == [seq])
    }
}
