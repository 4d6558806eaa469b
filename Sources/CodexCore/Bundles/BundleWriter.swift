import Foundation
import GRDB

/// Writes session bundles: streaming, from one consistent snapshot of the store.
///
/// Messages are read through a cursor and written one by one, so memory stays flat however long
/// the sessions are. The bundle is written to `FILE.partial` and renamed at the end: an
/// interrupted export never leaves a file that looks complete.
///
/// ```swift
/// let summary = try BundleWriter(database: db).export(
///     BundleSelection(includeDocuments: true), format: .tarGz, to: URL(fileURLWithPath: "s.tar.gz"))
/// ```
/// - Important: blocks while it works; call it off the cooperative pool in servers.
public struct BundleWriter: Sendable {
    let database: CodexDatabase
    let now: @Sendable () -> Date

    public init(database: CodexDatabase, now: @escaping @Sendable () -> Date = Date.init) {
        self.database = database
        self.now = now
    }

    public func export(
        _ selection: BundleSelection, format: BundleFormat, to url: URL,
        progress: (BundleProgress) -> Void = { _ in }
    ) throws -> BundleExportSummary {
        let partial = url.path + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        var summary: BundleExportSummary
        do {
            summary = try write(selection, format: format, path: partial, handle: nil, progress: progress)
            if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
            try FileManager.default.moveItem(atPath: partial, toPath: url.path)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            if let error = error as? CodexError { throw error }
            throw CodexError.bundleWriteFailed(url.path, detail: "\(error)")
        }
        summary.path = url.path
        return summary
    }

    /// Streams the bundle to `handle` (a pipe, a socket, standard output), which stays open.
    ///
    /// For a server sending an export as it is made: nothing is buffered beyond one entry, and
    /// the manifest, written last, lets the receiver verify every file.
    public func export(
        _ selection: BundleSelection, format: BundleFormat, to handle: FileHandle,
        progress: (BundleProgress) -> Void = { _ in }
    ) throws -> BundleExportSummary {
        do {
            return try write(selection, format: format, path: "-", handle: handle, progress: progress)
        } catch let error as CodexError {
            throw error
        } catch {
            throw CodexError.bundleWriteFailed("the output stream", detail: "\(error)")
        }
    }

    private func write(
        _ selection: BundleSelection, format: BundleFormat, path: String, handle: FileHandle?,
        progress: (BundleProgress) -> Void
    ) throws -> BundleExportSummary {
        let staging = FileManager.default.temporaryDirectory.appendingPathComponent("codex-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: staging) }
        let createdAt = now()
        let sink: any BundleSink =
            format == .json
            ? try JSONBundleSink(path: path, handle: handle)
            : try ArchiveBundleSink(path: path, handle: handle, format: format, staging: staging, createdAt: createdAt)
        var summary = try database.readSync { db in
            try Self.write(selection, from: db, into: sink, createdAt: createdAt, progress: progress)
        }
        summary.path = path
        summary.format = format
        return summary
    }

    private static func write(
        _ selection: BundleSelection, from db: Database, into sink: any BundleSink, createdAt: Date,
        progress: (BundleProgress) -> Void
    ) throws -> BundleExportSummary {
        let sessions = selection.includeSessions ? try selectedSessions(selection, in: db) : []
        var named: [CollectionRecord] = []
        for name in selection.collections {
            guard let collection = try CollectionRecord.named(name, in: db) else {
                throw CodexError.collectionNotFound(name)
            }
            if !named.contains(where: { $0.id == collection.id }) { named.append(collection) }
        }
        guard !sessions.isEmpty || !named.isEmpty else { throw CodexError.nothingToExport() }
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT session_id, count(*) FROM message GROUP BY session_id") {
            counts[row[0]] = row[1]
        }
        let total = sessions.reduce(0) { $0 + (counts[$1.id.lowercasedString] ?? 0) }
        var done = 0
        var citedPaths = Set<String>()
        let decoder = JSONDecoder()
        for session in sessions {
            try sink.beginSession(BundleSession(session))
            let cursor = try Row.fetchCursor(
                db, sql: "SELECT \(BundleMessage.columns) FROM message WHERE session_id = ? ORDER BY seq",
                arguments: [session.id.lowercasedString])
            while let row = try cursor.next() {
                let message = try BundleMessage(row: row, decoder: decoder)
                if selection.includeDocuments {
                    for citation in message.citations ?? [] { citedPaths.insert(citation.path) }
                }
                try sink.writeMessage(message)
                done += 1
                if done % 1000 == 0 { progress(BundleProgress(phase: .exportingMessages, done: done, total: total)) }
            }
            try sink.endSession()
        }
        progress(BundleProgress(phase: .exportingMessages, done: done, total: total))
        let cited = selection.includeDocuments ? try citedCollections(citedPaths, in: db) : []
        // Named ones first, in the order given, then cited ones not named.
        let collections = named + cited.filter { candidate in !named.contains { $0.id == candidate.id } }
        let entries = try writeCollections(collections, from: db, into: sink, progress: progress)
        let manifest = BundleManifest(
            createdAt: createdAt,
            sessions: sessions.map {
                .init(id: $0.id.lowercasedString, title: $0.title, messages: counts[$0.id.lowercasedString] ?? 0)
            },
            collections: entries, files: [])
        let bytes = try sink.finish(manifest)
        return BundleExportSummary(
            path: "", format: .tarGz, sessions: sessions.count, messages: done, collections: entries.map(\.name),
            documents: entries.reduce(0) { $0 + $1.documents }, chunks: entries.reduce(0) { $0 + $1.chunks },
            bytes: bytes)
    }

    private static func selectedSessions(_ selection: BundleSelection, in db: Database) throws -> [Session] {
        var request = Session.order(Column("created_at"), Column("id"))
        if let ids = selection.sessionIds { request = request.filter(keys: ids.map(\.lowercasedString)) }
        if let since = selection.since { request = request.filter(Column("updated_at") >= since) }
        return try request.fetchAll(db)
    }

    /// The collections holding a document at one of `paths`, oldest first.
    private static func citedCollections(_ paths: Set<String>, in db: Database) throws -> [CollectionRecord] {
        var ids = Set<Int64>()
        let sorted = paths.sorted()
        for start in stride(from: 0, to: sorted.count, by: 500) {
            let batch = Array(sorted[start..<min(start + 500, sorted.count)])
            let marks = databaseQuestionMarks(count: batch.count)
            ids.formUnion(
                try Int64.fetchAll(
                    db, sql: "SELECT DISTINCT collection_id FROM document WHERE path IN (\(marks))",
                    arguments: StatementArguments(batch)))
        }
        return try CollectionRecord.filter(keys: ids).order(Column("id")).fetchAll(db)
    }
}
