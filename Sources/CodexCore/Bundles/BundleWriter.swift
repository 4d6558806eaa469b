import Foundation

/// Writes session bundles: streaming, from one consistent snapshot of the store.
///
/// Messages are read through a cursor and written one by one, so memory stays flat however long
/// the sessions are. The bundle is written to `FILE.partial` and renamed at the end: an
/// interrupted export never leaves a file that looks complete.
///
/// ```swift
/// let summary = try BundleWriter(store: store).export(
///     BundleSelection(includeDocuments: true), format: .tarGz, to: URL(fileURLWithPath: "s.tar.gz"))
/// ```
/// - Important: blocks while it works; call it off the cooperative pool in servers.
public struct BundleWriter: Sendable {
    let store: CodexStore
    let now: @Sendable () -> Date

    public init(store: CodexStore, now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
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
        var summary = try store.bundles.reading { source in
            try Self.write(selection, from: source, into: sink, createdAt: createdAt, progress: progress)
        }
        summary.path = path
        summary.format = format
        return summary
    }

    private static func write(
        _ selection: BundleSelection, from source: any BundleSource, into sink: any BundleSink, createdAt: Date,
        progress: (BundleProgress) -> Void
    ) throws -> BundleExportSummary {
        let sessions =
            selection.includeSessions
            ? try source.sessions(ids: selection.sessionIds, updatedSince: selection.since) : []
        var named: [CollectionRecord] = []
        for name in selection.collections {
            guard let collection = try source.collection(named: name) else {
                throw CodexError.collectionNotFound(name)
            }
            if !named.contains(where: { $0.id == collection.id }) { named.append(collection) }
        }
        guard !sessions.isEmpty || !named.isEmpty else { throw CodexError.nothingToExport() }
        let counts = try source.messageCounts()
        let total = sessions.reduce(0) { $0 + (counts[$1.id.lowercasedString] ?? 0) }
        var done = 0
        var citedPaths = Set<String>()
        for session in sessions {
            try sink.beginSession(BundleSession(session))
            try source.forEachMessage(inSession: session.id) { message in
                if selection.includeDocuments {
                    for citation in message.citations { citedPaths.insert(citation.path) }
                }
                try sink.writeMessage(message)
                done += 1
                if done % 1000 == 0 { progress(BundleProgress(phase: .exportingMessages, done: done, total: total)) }
            }
            try sink.endSession()
        }
        progress(BundleProgress(phase: .exportingMessages, done: done, total: total))
        let cited = selection.includeDocuments ? try source.collections(holdingAnyOf: citedPaths) : []
        // Named ones first, in the order given, then cited ones not named.
        let collections = named + cited.filter { candidate in !named.contains { $0.id == candidate.id } }
        let entries = try writeCollections(collections, from: source, into: sink, progress: progress)
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
}
