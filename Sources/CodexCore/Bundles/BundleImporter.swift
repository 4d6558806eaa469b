import Foundation
import GRDB

/// Imports a bundle: verifies everything first (`BundleReader`), then writes in one transaction,
/// so a refused bundle or a process killed half way leaves the store exactly as it was.
///
/// ```swift
/// let report = try BundleImporter(database: db).importBundle(at: url, policy: .skip)
/// ```
/// - Important: blocks while it works; call it off the cooperative pool in servers.
public struct BundleImporter: Sendable {
    let database: CodexDatabase
    public var limits: BundleLimits

    public init(database: CodexDatabase, limits: BundleLimits = .default) {
        self.database = database
        self.limits = limits
    }

    /// What happened (or, with `dryRun`, what would happen).
    public struct Report: Sendable, Codable, Equatable {
        public var format: BundleFormat
        public var formatVersion: Int
        public var appVersion: String
        public var createdAt: Date
        public var dryRun: Bool
        public var plan: ImportPlan
        public var sessionsImported: Int
        public var messagesImported: Int
        public var documentsImported: Int
        /// Documents of merged collections that were already here, kept as they were.
        public var documentsSkipped: Int
        public var chunksImported: Int
        /// Chunks that arrived with their vector: searchable by meaning at once, never re-embedded.
        public var vectorsImported: Int = 0
        /// Embedding time those vectors took where they were made, so not spent here; nil when
        /// no vector was imported.
        public var embeddingSaved: EmbeddingSaved?
    }

    /// Time not spent embedding because the vectors came with the bundle.
    public struct EmbeddingSaved: Sendable, Codable, Equatable {
        public var seconds: Double
        /// True when the exporting store measured it; false for an estimate from the chunks'
        /// token counts (collections embedded before codex measured it).
        public var measured: Bool
    }

    public func importBundle(
        at url: URL, policy: ImportPlan.ClashPolicy = .skip, dryRun: Bool = false,
        progress: (BundleProgress) -> Void = { _ in }
    ) throws -> Report {
        let bundle = try BundleReader(limits: limits).verify(url, progress: progress)
        let manifest = bundle.manifest
        var report = Report(
            format: bundle.format, formatVersion: manifest.formatVersion, appVersion: manifest.appVersion,
            createdAt: manifest.createdAt, dryRun: dryRun, plan: ImportPlan(sessions: [], collections: [], notes: []),
            sessionsImported: 0, messagesImported: 0, documentsImported: 0, documentsSkipped: 0, chunksImported: 0)
        if dryRun {
            report.plan = try database.readSync { db in
                ImportPlan.make(for: manifest, into: try Self.localState(db), policy: policy)
            }
            return report
        }
        return try database.writeSync { db in
            report.plan = ImportPlan.make(for: manifest, into: try Self.localState(db), policy: policy)
            try Self.apply(bundle, plan: report.plan, in: db, report: &report, progress: progress)
            return report
        }
    }

    static func localState(_ db: Database) throws -> ImportPlan.LocalState {
        let sessionIds = Set(try String.fetchAll(db, sql: "SELECT id FROM session"))
        var collections: [String: EmbedderIdentity?] = [:]
        for collection in try CollectionRecord.fetchAll(db) {
            collections[collection.name] = collection.embedder.map {
                EmbedderIdentity(name: $0, dimension: collection.dimension ?? 0)
            }
        }
        return ImportPlan.LocalState(sessionIds: sessionIds, collections: collections)
    }

    private static func apply(
        _ bundle: VerifiedBundle, plan: ImportPlan, in db: Database, report: inout Report,
        progress: (BundleProgress) -> Void
    ) throws {
        let total = plan.sessions.filter { $0.action != .skip }.reduce(0) { $0 + $1.messages }
        var done = 0
        for (staged, change) in zip(bundle.sessions, plan.sessions) where change.action != .skip {
            guard let id = UUID(uuidString: change.importedAs) else {
                throw CodexError.internal("bad planned session id")
            }
            if change.action == .replace {
                try db.execute(sql: "DELETE FROM session WHERE id = ?", arguments: [change.id])
            }
            try staged.session.session(id: id).insert(db)
            let inserter = try MessageInserter(db)
            try staged.messages.forEach(limits: bundle.limits) { message in
                try inserter.insert(message, session: id)
                done += 1
                if done % 1000 == 0 { progress(BundleProgress(phase: .importing, done: done, total: total)) }
            }
            report.sessionsImported += 1
        }
        report.messagesImported = done
        progress(BundleProgress(phase: .importing, done: done, total: total))
        for (staged, change) in zip(bundle.collections, plan.collections) {
            try importCollection(staged, as: change, in: db, limits: bundle.limits, report: &report)
        }
    }
}
