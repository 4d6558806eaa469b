import Foundation
import GRDB
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// `codex ingest --watch` as a child process, checked by `codex ask` from other processes.
struct IngestWatchTests {

    /// Runs `codex ARGS` to completion and returns its standard output.
    private static func codex(_ arguments: [String]) async throws -> String {
        try await CodexBinary.run(arguments, environment: ProcessInfo.processInfo.environment).stdout
    }

    /// Asks (no model) until `holds` is true of the answer; the time it took, or nil after `limit`.
    /// The asking loop runs on a thread of its own, so the time is the watcher's, not the queue
    /// for the cooperative pool that the tests running beside this one share.
    private static func timeUntil(
        _ question: String, store: String, limit: Duration = .seconds(2), _ holds: @escaping @Sendable (String) -> Bool
    ) async throws -> Duration? {
        try await onOwnThread {
            let start = ContinuousClock.now
            while ContinuousClock.now - start < limit {
                let answer = try CodexBinary.runOnThisThread(
                    ["ask", "--no-generate", "--store", store, question],
                    environment: ProcessInfo.processInfo.environment)
                if holds(answer.stdout) { return ContinuousClock.now - start }
            }
            return nil
        }
    }

    /// Waits (at most `limit`, on a thread of its own) until `condition` holds; whether it did.
    @discardableResult
    private static func wait(atMost limit: Duration, until condition: @escaping @Sendable () -> Bool) async -> Bool {
        await onOwnThread {
            let end = ContinuousClock.now + limit
            while !condition() && ContinuousClock.now < end { usleep(20_000) }
            return condition()
        }
    }

    /// Collects a child's standard error on a thread, so waiting for a line is bounded.
    private final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        func append(_ data: Data) {
            lock.lock()
            text += String(decoding: data, as: UTF8.self)
            lock.unlock()
        }
        var all: String {
            lock.lock()
            defer { lock.unlock() }
            return text
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func createEditRenameAndDeleteAreSearchableWithinTwoSecondsAndKillNineLosesNothing() async throws {
        // Given an ingested folder, watched by `codex ingest --watch` in a child process
        let dir = try TemporaryDirectory()
        let docs = dir.path + "/docs"
        let store = dir.path + "/codex.sqlite"
        try dir.write("docs/alpha.md", "# Alpha\n\nThe alpha page mentions the wombat.\n")
        let watcher = Process()
        watcher.executableURL = URL(fileURLWithPath: try CodexBinary.require())
        watcher.arguments = ["ingest", "--watch", docs, "--store", store, "--embedder", "none"]
        let errors = Pipe()
        let output = Pipe()
        watcher.standardError = errors
        watcher.standardOutput = output
        let stderrLines = Lines()
        let stdoutLines = Lines()
        errors.fileHandleForReading.readabilityHandler = { stderrLines.append($0.availableData) }
        output.fileHandleForReading.readabilityHandler = { stdoutLines.append($0.availableData) }
        try watcher.run()
        defer {
            if watcher.isRunning { kill(watcher.processIdentifier, SIGKILL) }
            watcher.waitUntilExit()
            errors.fileHandleForReading.readabilityHandler = nil
            output.fileHandleForReading.readabilityHandler = nil
        }
        await Self.wait(atMost: .seconds(60)) { stderrLines.all.contains("watching") || !watcher.isRunning }
        try #require(stderrLines.all.contains("watching 1 path with inotify"), "\(stderrLines.all)")
        var latencies: [String: Duration] = [:]

        // When a file is created, then it is found
        try dir.write("docs/bravo.md", "# Bravo\n\nThe bravo page is about the quokka.\n")
        latencies["create"] = try await Self.timeUntil("quokka", store: store) { $0.contains("docs/bravo.md:") }
        // When a file is edited, then its new words are found and its old ones are not
        try dir.write("docs/alpha.md", "# Alpha\n\nThe alpha page now mentions the numbat.\n")
        latencies["edit"] = try await Self.timeUntil("numbat", store: store) { $0.contains("docs/alpha.md:") }
        let wombat = try await Self.codex(["ask", "--no-generate", "--store", store, "wombat"])
        #expect(!wombat.contains("alpha.md"))
        // When a file is renamed, then only the new name is cited
        try FileManager.default.moveItem(atPath: docs + "/bravo.md", toPath: docs + "/charlie.md")
        latencies["rename"] = try await Self.timeUntil("quokka", store: store) {
            $0.contains("docs/charlie.md:") && !$0.contains("bravo.md")
        }
        // When a file is created in a new folder, then it is found (the folder got a watch)
        try dir.write("docs/new/deep/delta.md", "# Delta\n\nThe delta page hides a bilby.\n")
        latencies["new folder"] = try await Self.timeUntil("bilby", store: store) { $0.contains("docs/new/deep/delta.md:") }
        // When a file is deleted, then it is no longer cited
        try FileManager.default.removeItem(atPath: docs + "/charlie.md")
        latencies["delete"] = try await Self.timeUntil("quokka", store: store) { !$0.contains("charlie.md") }

        for step in ["create", "edit", "rename", "new folder", "delete"] {
            #expect(latencies[step] != nil, "\(step) was not searchable within 2 s; watcher said: \(stderrLines.all)")
        }
        print("watch latencies (change → seen by codex ask): \(latencies.map { "\($0.key) \($0.value)" }.sorted())")
        // And each batch printed one line
        #expect(
            stdoutLines.all.split(separator: "\n").filter { $0.contains("watch:") }.count >= 5, "\(stdoutLines.all)")

        // When the watcher is killed with SIGKILL and files change while it is gone
        kill(watcher.processIdentifier, SIGKILL)
        watcher.waitUntilExit()
        #expect(watcher.terminationReason == .uncaughtSignal)
        try dir.write("docs/echo.md", "# Echo\n\nThe echo page keeps a dingo.\n")
        try FileManager.default.removeItem(atPath: docs + "/alpha.md")

        // Then the store is consistent, and the next run catches up
        let database = try CodexDatabase.open(at: store)
        try StoreConsistency.expectConsistent(database)
        _ = try await Self.codex(["ingest", docs, "--store", store, "--embedder", "none", "--quiet"])
        #expect(try IngestHarness.documentPaths(in: database) == [docs + "/echo.md", docs + "/new/deep/delta.md"])
        try StoreConsistency.expectConsistent(database)
    }

    @Test
    func codexAskCitesArchiveMembersAndCompressedFilesByTheirPaths() async throws {
        // Given a folder with a zip of guides and a compressed changelog, ingested by the CLI
        let dir = try TemporaryDirectory()
        let docs = dir.path + "/docs"
        try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        try ArchiveBuilder.write(
            [.text("guide/keys.md", "# Keys\n\nRotate the signing key with `lighthouse-admin key rotate`.\n")],
            format: .zip, to: docs + "/manuals.zip")
        try ArchiveBuilder.compress(
            Array("Version 2.1\n\n* Fixed the frobnicator overflow.\n".utf8), with: .xz, to: docs + "/changelog.xz")
        let store = dir.path + "/codex.sqlite"
        _ = try await Self.codex(["ingest", docs, "--store", store, "--embedder", "none", "--quiet"])

        // When asked, with no model
        let keys = try await Self.codex(["ask", "--no-generate", "--store", store, "how do I rotate the signing key?"])
        let fix = try await Self.codex(["ask", "--no-generate", "--store", store, "frobnicator overflow"])

        // Then the citations name the member inside the archive, and the compressed file, with lines
        #expect(keys.contains("docs/manuals.zip!/guide/keys.md:3"), "\(keys)")
        #expect(fix.contains("docs/changelog.xz:3"), "\(fix)")
    }

    @Test(.timeLimit(.minutes(2)))
    func serveWatchKeepsTheStoreCurrentWhileServing() async throws {
        // Given `codex serve --watch docs` on a free port
        let dir = try TemporaryDirectory()
        let docs = dir.path + "/docs"
        let store = dir.path + "/codex.sqlite"
        try dir.write("docs/a.md", "# A\n\nThe first page.\n")
        let server = Process()
        server.executableURL = URL(fileURLWithPath: try CodexBinary.require())
        server.arguments = ["serve", "--port", "0", "--watch", docs, "--store", store]
        server.environment = ProcessInfo.processInfo.environment.merging(["CODEX_EMBEDDER": "none"]) { $1 }
        let errors = Pipe()
        server.standardError = errors
        server.standardOutput = FileHandle.nullDevice
        let stderrLines = Lines()
        errors.fileHandleForReading.readabilityHandler = { stderrLines.append($0.availableData) }
        try server.run()
        defer {
            if server.isRunning { kill(server.processIdentifier, SIGKILL) }
            server.waitUntilExit()
            errors.fileHandleForReading.readabilityHandler = nil
        }
        await Self.wait(atMost: .seconds(60)) { stderrLines.all.contains("watching") || !server.isRunning }
        try #require(stderrLines.all.contains("codex serve: watching 1 path"), "\(stderrLines.all)")

        // When a file is saved in the folder
        try dir.write("docs/b.md", "# B\n\nThe served page mentions the kookaburra.\n")

        // Then another process finds it within 2 s, and the server logged the batch
        let seen = try await Self.timeUntil("kookaburra", store: store) { $0.contains("docs/b.md:") }
        #expect(seen != nil, "\(stderrLines.all)")
        await Self.wait(atMost: .seconds(10)) { stderrLines.all.contains("watch: 1 added") }
        #expect(stderrLines.all.contains("watch: 1 added"), "\(stderrLines.all)")

        // And Ctrl-C stops the server and the watcher cleanly
        kill(server.processIdentifier, SIGINT)
        await Self.wait(atMost: .seconds(20)) { !server.isRunning }
        #expect(!server.isRunning && server.terminationReason == .exit)
        try StoreConsistency.expectConsistent(try CodexDatabase.open(at: store))
    }

    @Test(.timeLimit(.minutes(2)))
    func ctrlCStopsIngestWatchCleanly() async throws {
        // Given `codex ingest --watch --watch-backend poll` running
        let dir = try TemporaryDirectory()
        try dir.write("docs/a.md", "# A\n\nThe first page.\n")
        let store = dir.path + "/codex.sqlite"
        let watcher = Process()
        watcher.executableURL = URL(fileURLWithPath: try CodexBinary.require())
        watcher.arguments = [
            "ingest", "--watch", "--watch-backend", "poll", dir.path + "/docs", "--store", store, "--embedder", "none",
        ]
        let errors = Pipe()
        watcher.standardError = errors
        watcher.standardOutput = FileHandle.nullDevice
        let stderrLines = Lines()
        errors.fileHandleForReading.readabilityHandler = { stderrLines.append($0.availableData) }
        try watcher.run()
        defer {
            if watcher.isRunning { kill(watcher.processIdentifier, SIGKILL) }
            watcher.waitUntilExit()
            errors.fileHandleForReading.readabilityHandler = nil
        }
        await Self.wait(atMost: .seconds(60)) { stderrLines.all.contains("watching") || !watcher.isRunning }
        #expect(stderrLines.all.contains("watching 1 path with polling"), "\(stderrLines.all)")

        // When it gets SIGINT (Ctrl-C)
        kill(watcher.processIdentifier, SIGINT)

        // Then it exits with status 0 within seconds, and the store is whole
        await Self.wait(atMost: .seconds(20)) { !watcher.isRunning }
        #expect(!watcher.isRunning && watcher.terminationReason == .exit && watcher.terminationStatus == 0)
        try StoreConsistency.expectConsistent(try CodexDatabase.open(at: store))
    }

    @Test(arguments: [WatchBackend.poll, .inotify])
    func theWatcherEmbedsNewChunksAfterEachBatch(backend: WatchBackend) async throws {
        // Given a watcher with an embedder, in this process
        let dir = try TemporaryDirectory()
        try dir.write("a.md", "# A\n\nfirst words\n")
        let storeDir = try TemporaryDirectory()
        let database = try CodexDatabase.open(at: storeDir.path + "/codex.sqlite")
        let embedder = WordHashEmbedder()
        let watcher = IngestWatcher(
            store: database.store, options: IngestOptions(), backend: backend, pollInterval: .milliseconds(200),
            embed: { try await VectorBackfill(store: database.store, embedder: embedder).run(collection: "default") })
        let events = AsyncStreamBox()
        let task = Task {
            for try await event in watcher.watch([dir.path]) { events.add(event) }
        }
        defer { task.cancel() }
        try await events.wait(for: "watching")
        #expect(events.backends == [backend])

        // When a file is written
        try dir.write("b.md", "# B\n\nsecond words\n")

        // Then a batch adds it and embeds its chunk
        try await events.wait(for: "batch")
        let batch = try #require(events.batches.first)
        #expect(batch.summary.added == 1 && batch.embedded == 1)
        let vectors = try database.readSync { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM vector") }
        #expect(vectors == 2)
        task.cancel()
        _ = await task.result
    }
}

extension IngestWatchTests {
    @Test func pollingTakesOverWhenTheInotifyWatchLimitIsReachedAtStartOrLater() async throws {
        // Given a tree of three folders and a (simulated) limit of two inotify watches
        let dir = try TemporaryDirectory()
        try dir.write("a/b/one.md", "# One\n\nfirst\n")
        let storeDir = try TemporaryDirectory()
        let database = try CodexDatabase.open(at: storeDir.path + "/codex.sqlite")
        var limited = IngestWatcher(store: database.store, options: IngestOptions(), pollInterval: .milliseconds(200))
        limited.watchLimit = 2
        let watcher = limited
        let atStart = AsyncStreamBox()
        let first = Task { for try await event in watcher.watch([dir.path]) { atStart.add(event) } }
        defer { first.cancel() }

        // Then watching starts with polling, saying why, and still sees a change
        try await atStart.wait(for: "watching")
        #expect(atStart.backends == [.poll])
        #expect(atStart.reasons.first??.contains("inotify watch limit") == true)
        try dir.write("a/b/two.md", "# Two\n\nsecond\n")
        try await atStart.wait(for: "batch")
        first.cancel()
        _ = await first.result

        // Given a watch that starts within the limit (one folder, limit two)
        let other = try TemporaryDirectory()
        try other.write("one.md", "# One\n\nfirst\n")
        let later = AsyncStreamBox()
        let second = Task { for try await event in watcher.watch([other.path]) { later.add(event) } }
        defer { second.cancel() }
        try await later.wait(for: "watching")
        #expect(later.backends == [.inotify])

        // When new folders take it past the limit
        try other.write("x/y/z/deep.md", "# Deep\n\nthe deep page\n")

        // Then the file is indexed, polling takes over, and later changes are still seen
        try await later.wait(for: "batch")
        try await later.waitUntil { $0.backends == [.inotify, .poll] }
        try other.write("x/y/z/deeper.md", "# Deeper\n\nthe deeper page\n")
        try await later.waitUntil { $0.batches.reduce(0) { $0 + $1.summary.added } == 2 }
        #expect(try IngestHarness.search("deeper", in: database) == [other.path + "/x/y/z/deeper.md"])
        second.cancel()
        _ = await second.result
    }
}

/// Watch events collected from a task, waited for with a bound.
private final class AsyncStreamBox: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [WatchEvent] = []

    func add(_ event: WatchEvent) {
        lock.lock()
        events.append(event)
        lock.unlock()
    }

    private var snapshot: [WatchEvent] {
        lock.lock()
        defer { lock.unlock() }
        return events
    }

    var backends: [WatchBackend] {
        snapshot.compactMap { if case .watching(let backend, _) = $0 { backend } else { nil } }
    }

    var batches: [WatchBatch] { snapshot.compactMap { if case .batch(let batch) = $0 { batch } else { nil } } }

    var reasons: [String?] {
        snapshot.compactMap { if case .watching(_, let reason) = $0 { reason } else { nil } }
    }

    /// Waits up to 60 s for `condition` to hold of the events seen so far.
    func waitUntil(_ condition: (AsyncStreamBox) -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if condition(self) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("condition not met within 60 s: \(snapshot)")
    }

    /// Waits up to 60 s for an event of a kind ("watching", "batch"): generous, because tests that
    /// block threads while child processes run can starve the cooperative pool on 2 cores.
    func wait(for kind: String) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let found = snapshot.contains { event in
                switch event {
                case .watching: kind == "watching"
                case .batch: kind == "batch"
                default: false
                }
            }
            if found { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("no \(kind) event within 60 s: \(snapshot)")
    }
}
