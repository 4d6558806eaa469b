import Foundation
import GRDB
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// `kill -9` in the middle of an import leaves the store exactly as before: the import is one
/// transaction, and SQLite ignores uncommitted write-ahead-log frames when the store is reopened.
struct BundleInterruptTests {

    @Test
    func importKilledHalfWayLeavesTheStoreAsBefore() async throws {
        // Given a bundle of 12k messages (about 10 MB, more than SQLite's page cache) and a store with content
        let dir = try TemporaryDirectory()
        let source = try CodexDatabase.open(at: dir.path + "/source.sqlite")
        try Self.fill(source, messages: 12_000)
        let bundle = dir.url.appendingPathComponent("big.json")
        _ = try BundleWriter(store: source.store).export(BundleSelection(), format: .json, to: bundle)
        let targetPath = dir.path + "/target.sqlite"
        let before: String
        do {
            let target = try CodexDatabase.open(at: targetPath)
            try BundleFixture.addCollection("notes", documents: BundleFixture.handbook, embedder: nil, to: target)
            before = try BundleFixture.checksum(target)
        }

        // When `codex import` is killed once its transaction has spilled pages into the log
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try CodexBinary.require())
        process.arguments = ["import", bundle.path, "--store", targetPath, "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // (watched from a thread of its own: a polling loop must not hold the tests' cooperative pool)
        let spilled = await onOwnThread {
            var spilled = false
            for _ in 0..<24_000 where process.isRunning {
                let walBytes =
                    (try? FileManager.default.attributesOfItem(atPath: targetPath + "-wal")[.size] as? NSNumber)?
                    .intValue ?? 0
                if walBytes > 2 << 20 {
                    spilled = true
                    break
                }
                usleep(5000)
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return spilled
        }

        // Then the import was caught mid-transaction, and reopening shows the store as it was
        #expect(spilled, "the import ended before it wrote to the log")
        #expect(process.terminationReason == .uncaughtSignal)
        let reopened = try CodexDatabase.open(at: targetPath)
        #expect(try BundleFixture.checksum(reopened) == before)
        #expect(try reopened.readSync { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
    }

    /// Sessions of 100 messages of varied text, written in one transaction.
    static func fill(_ database: CodexDatabase, messages: Int) throws {
        try database.writeSync { db in
            var random = SeededRandom(seed: 3)
            for index in 0..<messages {
                let seq = index % 100 + 1
                let session = try #require(
                    UUID(uuidString: String(format: "%08x-0000-4000-8000-%012x", index / 100, index / 100)))
                if seq == 1 { try Session(id: session, title: "Session \(index / 100)").insert(db) }
                let content = (0..<120).map { _ in String(UInt64.random(in: 0...UInt64.max, using: &random), radix: 36)
                }
                .joined(separator: " ")
                var record = MessageRecord(
                    session: session, seq: seq,
                    body: MessageBody(role: seq % 2 == 0 ? .assistant : .user, content: content, createdAt: Date()))
                try record.insert(db)
            }
        }
    }
}
