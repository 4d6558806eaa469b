import Foundation
import GRDB
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// Runs the built `codex` binary as a child process and kills it, as a user's Ctrl-\ or the OOM killer would.
struct IngestCrashTests {
    /// Documents committed so far, read without disturbing the writer (0 before the schema exists).
    private static func committedDocuments(_ store: String) -> Int {
        guard FileManager.default.fileExists(atPath: store) else { return 0 }
        var configuration = Configuration()
        configuration.readonly = true
        guard let queue = try? DatabaseQueue(path: store, configuration: configuration) else { return 0 }
        let count = try? queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM document") }
        return (count ?? nil) ?? 0
    }

    private func launch(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try CodexBinary.require())
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["COLUMNS": "100"]) { $1 }
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test
    func killingAnIngestMidwayLeavesAConsistentStoreAndARerunFinishesTheJob() async throws {
        // Given a corpus of 400 Markdown files
        let dir = try TemporaryDirectory()
        let total = 400
        for i in 0..<total {
            let body = (0..<60).map { "Paragraph \($0) of file \(i) mentions term\(i) and the signing key." }
            try dir.write("docs/d\(i % 4)/f\(i).md", "# File \(i)\n\n" + body.joined(separator: "\n\n"))
        }
        let store = dir.path + "/codex.sqlite"
        // When `codex ingest` is SIGKILLed as soon as some documents are committed
        let child = try launch(["ingest", dir.path + "/docs", "--store", store, "--quiet"])
        // (watched from a thread of its own: a polling loop must not hold the tests' cooperative pool)
        let committedAtKill = await onOwnThread {
            for _ in 0..<20_000 where child.isRunning {
                let count = Self.committedDocuments(store)
                if count > 0 {
                    kill(child.processIdentifier, SIGKILL)
                    child.waitUntilExit()
                    return count
                }
                usleep(2000)
            }
            child.waitUntilExit()
            return 0
        }
        #expect(child.terminationReason == .uncaughtSignal, "the child finished before it could be killed")
        #expect(committedAtKill > 0 && committedAtKill < total, "killed after \(committedAtKill) of \(total) documents")

        // Then the store is consistent: integrity ok, chunk counts match, FTS rows match chunks
        let database = try CodexDatabase.open(at: store)
        try StoreConsistency.expectConsistent(database)
        let survived = try IngestHarness.documentPaths(in: database).count
        #expect(survived >= committedAtKill && survived < total)

        // And a rerun (the kernel released the lock) adds exactly the missing files
        let rerun = try await IngestHarness.ingest([dir.path + "/docs"], into: database)
        #expect(rerun.added == total - survived)
        #expect(rerun.unchanged == survived)
        #expect(try IngestHarness.documentPaths(in: database).count == total)
        #expect(try IngestHarness.search("term399", in: database).count == 1)
        try StoreConsistency.expectConsistent(database)
    }

    @Test
    func aMissingPathPrintsErrorAndHintAndExitsNonZero() async throws {
        let dir = try TemporaryDirectory()
        let run = try await CodexBinary.run(
            ["ingest", dir.path + "/missing", "--store", dir.path + "/codex.sqlite"],
            environment: ["CODEX_HOME": dir.path + "/home", "PATH": "/usr/bin:/bin"])
        #expect(run.status != 0)
        #expect(run.stderr.hasPrefix("error: no such file or folder: \(dir.path)/missing\nhint: "))
    }
}
