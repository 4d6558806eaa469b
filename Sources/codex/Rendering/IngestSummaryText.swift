import CodexCore
import Foundation

/// The human-readable end of `codex ingest`.
enum IngestSummaryText {
    /// - Parameters:
    ///   - embedding: whether an embedding phase follows for new chunks (it says so).
    ///   - quiet: `--quiet`: the counts and the store only, without the skipped files and the notes.
    static func render(_ summary: IngestSummary, store: String, embedding: Bool, quiet: Bool = false) -> String {
        let rate = summary.seconds > 0 ? Double(summary.bytes) / 1_048_576 / summary.seconds : 0
        var lines = [
            String(
                format: "%@ %d added, %d updated, %d unchanged, %d removed, %d skipped (collection \"%@\")",
                summary.interrupted ? "interrupted:" : "ingested:", summary.added, summary.updated, summary.unchanged,
                summary.removed, summary.skippedCount, summary.collection),
            String(
                format: "%d files, %@ read, %d chunks in %.2f s (%.1f MB/s)", summary.files,
                ByteCount.format(summary.bytes), summary.chunks, summary.seconds, rate),
        ]
        for reason in summary.skipped.keys.sorted() where !quiet {
            guard let group = summary.skipped[reason] else { continue }
            lines.append("skipped \(group.count) \(reason.replacingOccurrences(of: "_", with: " ")):")
            for entry in group.files.prefix(5) { lines.append("  \(entry.path): \(entry.detail)") }
            if group.count > 5 {
                lines.append("  … and \(group.count - 5) more (--json lists up to \(IngestSummary.maxPathsPerReason))")
            }
        }
        if summary.ignored > 0 && !quiet {
            lines.append("\(summary.ignored) hidden or ignored entries left out (.gitignore, --exclude)")
        }
        lines.append("store: \(store)")
        if !summary.interrupted && embedding && !quiet {
            lines.append("keyword search is ready; `codex ask` works while the chunks are embedded")
        }
        return lines.joined(separator: "\n")
    }

    /// The embedding phase's closing line.
    static func embedding(_ report: EmbeddingReport) -> String {
        if let reason = report.skippedReason { return "vectors: skipped (\(reason)); keyword search still works" }
        let rate = report.seconds > 0 ? Double(report.embedded) / report.seconds : 0
        return String(
            format: "vectors: %d chunks embedded with %@ in %.1f s (%.0f chunks/s); meaning search is complete (%d chunks)",
            report.embedded, report.embedder, report.seconds, rate, report.total)
    }
}
