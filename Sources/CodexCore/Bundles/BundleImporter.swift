import Foundation

/// Imports a bundle: verifies everything first (`BundleReader`), then writes in one transaction,
/// so a refused bundle or a process killed half way leaves the store exactly as it was.
///
/// ```swift
/// let report = try BundleImporter(store: store).importBundle(at: url, policy: .skip)
/// ```
/// - Important: blocks while it works; call it off the cooperative pool in servers.
public struct BundleImporter: Sendable {
    let store: CodexStore
    public var limits: BundleLimits
    /// The user imported sessions belong to on a shared server (nil: nobody's, as from the CLI);
    /// with one, `replace` replaces only that user's own sessions.
    public var owner: Int64?

    public init(store: CodexStore, limits: BundleLimits = .default) {
        self.store = store
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
            report.plan = try store.bundles.reading { source in
                ImportPlan.make(for: manifest, into: try source.importState(), policy: policy)
            }
            return report
        }
        return try store.bundles.writing { target in
            report.plan = ImportPlan.make(for: manifest, into: try target.importState(), policy: policy)
            try Self.apply(bundle, plan: report.plan, into: target, owner: owner, report: &report, progress: progress)
            return report
        }
    }

    private static func apply(
        _ bundle: VerifiedBundle, plan: ImportPlan, into target: any BundleTarget, owner: Int64?, report: inout Report,
        progress: (BundleProgress) -> Void
    ) throws {
        let total = plan.sessions.filter { $0.action != .skip }.reduce(0) { $0 + $1.messages }
        var done = 0
        for (staged, change) in zip(bundle.sessions, plan.sessions) where change.action != .skip {
            guard let id = UUID(uuidString: change.importedAs) else {
                throw CodexError.internal("bad planned session id")
            }
            if change.action == .replace { try target.deleteSession(id: change.id, owner: owner) }
            try target.insertSession(staged.session.session(id: id), owner: owner)
            try staged.messages.forEach(limits: bundle.limits) { message in
                try target.insertMessage(message, session: id)
                done += 1
                if done % 1000 == 0 { progress(BundleProgress(phase: .importing, done: done, total: total)) }
            }
            report.sessionsImported += 1
        }
        report.messagesImported = done
        progress(BundleProgress(phase: .importing, done: done, total: total))
        for (staged, change) in zip(bundle.collections, plan.collections) {
            try importCollection(staged, as: change, into: target, limits: bundle.limits, report: &report)
        }
    }
}
