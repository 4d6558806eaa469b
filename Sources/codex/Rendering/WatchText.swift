import ArgumentParser
import CodexCore
import Foundation

/// One line per change batch of `codex ingest --watch` and `codex serve --watch`.
enum WatchText {
    /// "17:42:01 watch: 1 added, 2 updated, 0 removed, 1 skipped; 5 chunks, 5 embedded in 0.18 s: docs/a.md, docs/b.md"
    static func line(_ batch: WatchBatch, now: Date = Date()) -> String {
        let summary = batch.summary
        let time = clock(now)
        var line = String(
            format: "%@ watch: %d added, %d updated, %d removed, %d skipped; %d chunks, %d embedded in %.2f s", time,
            summary.added, summary.updated, summary.removed, summary.skippedCount, summary.chunks, batch.embedded,
            batch.seconds)
        let directory = FileManager.default.currentDirectoryPath + "/"
        let shown = batch.paths.prefix(5).map { $0.hasPrefix(directory) ? String($0.dropFirst(directory.count)) : $0 }
        if !shown.isEmpty { line += ": " + shown.joined(separator: ", ") + (batch.paths.count > 5 ? ", …" : "") }
        return line
    }

    /// "watching 2 folders with inotify (Ctrl-C stops)", plus why polling replaced inotify, if it did.
    static func started(roots: Int, backend: WatchBackend, fallbackReason: String?) -> String {
        let how = backend == .inotify ? "inotify" : "polling"
        var line = "watching \(roots) \(roots == 1 ? "path" : "paths") with \(how) (Ctrl-C stops)"
        if let fallbackReason { line += "; \(fallbackReason)" }
        return line
    }

    /// Local "HH:mm:ss".
    private static func clock(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        localtime_r(&seconds, &parts)
        return String(format: "%02d:%02d:%02d", parts.tm_hour, parts.tm_min, parts.tm_sec)
    }
}

/// `--json` of a watch batch: one compact object per line (NDJSON), snake_case keys.
enum WatchJSON {
    static func line(_ batch: WatchBatch) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(batch), as: UTF8.self)
    }
}

extension WatchBackend: ExpressibleByArgument {}
