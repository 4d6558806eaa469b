import ArgumentParser
import CodexCore
import Foundation

extension Codex {
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a bundle written by codex export, then import it in one step (all or nothing).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The bundle file (tar.gz, tar.zst, zip or json; recognised from its content).") var file: String
        @Flag(help: "Show what would change without writing anything.") var dryRun = false
        @Flag(help: "Replace local sessions that have the same id as imported ones.") var replace = false
        @Flag(help: "Import every session under a new id, beside any local copy.") var asNew = false
        @Option(help: "Refuse bundles that expand to more than this many bytes (default 8 GiB, JSON bundles 1 GiB).")
        var maxBytes: Int64?
        @Option(help: "Refuse archives with more than this many entries.") var maxEntries = BundleLimits.default
            .maxEntries
        @Option(help: "Refuse archives that expand more than this many times their size.")
        var maxRatio = BundleLimits.default.maxCompressionRatio
        @Option(help: "Refuse JSONL lines longer than this many bytes.") var maxLineBytes = BundleLimits.default
            .maxLineBytes

        func validate() throws {
            if replace && asNew { throw ValidationError("Pass either --replace or --as-new, not both.") }
            if (maxBytes ?? 1) <= 0 || maxEntries <= 0 || maxRatio <= 1 || maxLineBytes <= 0 {
                throw ValidationError("Limits must be positive, and --max-ratio greater than 1.")
            }
        }

        func run() async throws {
            var limits = BundleLimits.default
            if let maxBytes {
                limits.maxTotalBytes = maxBytes
                limits.maxEntryBytes = maxBytes
                limits.maxJSONBytes = maxBytes
            }
            limits.maxEntries = maxEntries
            limits.maxCompressionRatio = maxRatio
            limits.maxLineBytes = maxLineBytes
            let policy: ImportPlan.ClashPolicy = replace ? .replace : asNew ? .asNew : .skip
            let bar = ProgressLine(enabled: global.showsProgress)
            let report = try BundleImporter(store: try global.openStore(), limits: limits).importBundle(
                at: URL(fileURLWithPath: file), policy: policy, dryRun: dryRun
            ) { bar.update($0) }
            bar.clear()
            if global.json { return try Output.json(report) }
            Output.text(Self.render(report))
        }

        static func render(_ report: BundleImporter.Report) -> String {
            var lines: [String] = []
            let verbs: [ImportPlan.SessionChange.Action: String] = [
                .add: "add", .skip: "skip", .replace: "replace", .rekey: "add as new",
            ]
            for change in report.plan.sessions {
                var line = "\(verbs[change.action] ?? "") session \(change.id.prefix(8))"
                if change.action == .rekey { line += " as \(change.importedAs.prefix(8))" }
                line += " \"\(change.title ?? "untitled")\" (\(change.messages) messages)"
                lines.append(line)
            }
            for change in report.plan.collections {
                var line = "\(change.action == .merge ? "merge into" : "add") collection \"\(change.importedAs)\""
                line += " (\(change.documents) documents, \(change.chunks) chunks)"
                lines.append(line)
            }
            lines += report.plan.notes.map { "note: \($0)" }
            if report.dryRun {
                lines.append("Dry run: bundle verified, nothing written.")
            } else {
                var parts: [String] = []
                if !report.plan.sessions.isEmpty || report.plan.collections.isEmpty {
                    parts.append("\(report.sessionsImported) sessions (\(report.messagesImported) messages)")
                }
                if report.documentsImported > 0 || report.documentsSkipped > 0 {
                    var documents = "\(report.documentsImported) documents, \(report.chunksImported) chunks"
                    if report.documentsSkipped > 0 {
                        documents += " (\(report.documentsSkipped) documents already here)"
                    }
                    parts.append(documents)
                }
                lines.append("Imported " + parts.joined(separator: ", ") + ".")
                if let saved = report.embeddingSaved {
                    let time =
                        saved.seconds < 60
                        ? String(format: "%.1f s", saved.seconds)
                        : String(
                            format: "%.0f min %.0f s", (saved.seconds / 60).rounded(.down),
                            saved.seconds.truncatingRemainder(dividingBy: 60))
                    let how = saved.measured ? ", as measured where they were made" : ", estimated from their tokens"
                    lines.append(
                        "\(report.vectorsImported) vectors came with the bundle: searchable now, nothing re-embedded "
                            + "(\(time) of embedding saved\(how)).")
                }
            }
            return lines.joined(separator: "\n")
        }
    }
}
