import Foundation
import GRDB
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// Valid bundles damaged at random (fixed seed, bounded count): every import either succeeds and
/// leaves a consistent store, or fails with a `CodexError` and leaves the store unchanged.
struct BundleFuzzTests {
    @Test func randomlyDamagedBundlesImportCleanlyOrNotAtAll() throws {
        // Given valid bundles in three formats and a store with content of its own
        let dir = try TemporaryDirectory()
        let source = try BundleFixture.store(in: dir)
        var originals: [(BundleFormat, [UInt8])] = []
        for format in [BundleFormat.tarGz, .zip, .json] {
            let url = dir.url.appendingPathComponent("valid.\(format.rawValue)")
            _ = try BundleWriter(store: source.store).export(
                BundleSelection(includeDocuments: true), format: format, to: url)
            originals.append((format, Array(try Data(contentsOf: url))))
        }
        let validEntries = ArchiveSurgery.read(dir.path + "/valid.tar.gz")
        let target = try CodexDatabase.open(at: dir.path + "/target.sqlite")
        try BundleFixture.addCollection("notes", documents: BundleFixture.handbook, embedder: nil, to: target)
        var random = SeededRandom(seed: 20_261_125)
        var outcomes = (imported: 0, refused: 0)
        let path = dir.path + "/fuzzed.bin"

        for iteration in 0..<150 {
            // When a bundle is damaged in one of several ways and imported
            let (format, original) = originals[Int.random(in: 0..<originals.count, using: &random)]
            var bytes = original
            switch Int.random(in: 0..<5, using: &random) {
            case 0:
                for _ in 0..<Int.random(in: 1...8, using: &random) {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            case 1:
                bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &random)))
            case 2:
                let junk = (0..<Int.random(in: 1...64, using: &random)).map { _ in
                    UInt8.random(in: 0...255, using: &random)
                }
                bytes.insert(contentsOf: junk, at: Int.random(in: 0...bytes.count, using: &random))
            case 3 where format == .json:
                // Damage a printable character, so the JSON may stay parseable and reach the deeper checks.
                let index = Int.random(in: 0..<bytes.count, using: &random)
                bytes[index] = UInt8.random(in: 0x20...0x7E, using: &random)
            default:
                // Damage an entry and fix the manifest hashes, so the damage reaches the record checks.
                var entries = validEntries
                let victim = Int.random(in: 0..<(entries.count - 1), using: &random)
                if !entries[victim].bytes.isEmpty {
                    let index = Int.random(in: 0..<entries[victim].bytes.count, using: &random)
                    entries[victim].bytes[index] = UInt8.random(in: 0x20...0x7E, using: &random)
                }
                ArchiveSurgery.write(ArchiveSurgery.rehash(entries), to: path)
                bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let before = try BundleFixture.checksum(target)
            do {
                _ = try BundleImporter(store: target.store).importBundle(at: URL(fileURLWithPath: path))
                outcomes.imported += 1
                // Then a successful import leaves a consistent store
                try expectConsistent(target, iteration: iteration)
            } catch let error as CodexError {
                outcomes.refused += 1
                // Then a refused import leaves it exactly as it was
                #expect(try BundleFixture.checksum(target) == before, "iteration \(iteration): \(error.message)")
            } catch {
                Issue.record("iteration \(iteration) failed without a CodexError: \(error)")
            }
        }
        // With this seed both paths are taken: some damage only touches text (imported), most is caught.
        #expect(outcomes.refused > 0 && outcomes.imported > 0)
        #expect(outcomes.imported + outcomes.refused == 150)
    }

    private func expectConsistent(_ database: CodexDatabase, iteration: Int) throws {
        let (integrity, danglingKeys, orphans) = try database.readSync { db in
            (
                try String.fetchOne(db, sql: "PRAGMA integrity_check"),
                try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count,
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM message WHERE session_id NOT IN (SELECT id FROM session)") ?? -1
            )
        }
        #expect(integrity == "ok", "iteration \(iteration)")
        #expect(danglingKeys == 0 && orphans == 0, "iteration \(iteration)")
        try database.writeSync { db in try db.execute(sql: "INSERT INTO chunk_fts(chunk_fts) VALUES('integrity-check')")
        }
    }
}
