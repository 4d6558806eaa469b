import CodexCore
import CodexSQLite
import Foundation
import GRDB

/// `codex-bench bundle [--messages 10000,100000] [--formats json,tar.gz,tar.zst,zip] [--chunks 5000] [--keep DIR]`
///
/// Builds a store of N messages in sessions of 100 (a quarter citing documents of a synthetic
/// collection with 384-dimension vectors), then exports everything with `--include-docs` and
/// imports it into a fresh store, printing messages/s, MB/s and the peak RSS of each step.
/// MB/s is given for the bundle file and for the content (the size of the JSON bundle).
enum BundleBench {
    static func run(_ options: Command) async throws {
        let counts = options.messages.split(separator: ",").compactMap { Int($0) }
        let formats = options.formats.split(separator: ",").compactMap { BundleFormat(rawValue: String($0)) }
        let (chunks, keep) = (options.chunks, options.keep)
        for count in counts {
            let directory = keep ?? NSTemporaryDirectory() + "codex-bundle-bench-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { if keep == nil { try? FileManager.default.removeItem(atPath: directory) } }
            let sourcePath = directory + "/source-\(count).sqlite"
            let buildStart = Date()
            _ = try SyntheticCorpus(chunks: chunks).build(at: sourcePath)
            let source = try CodexDatabase.open(at: sourcePath)
            try fillSessions(source, messages: count)
            print(
                String(
                    format: "\n%d messages, %d chunks of 384-d vectors (store built in %.1f s)", count, chunks,
                    Date().timeIntervalSince(buildStart)))
            print(
                "format    bundle MB   export msg/s  MB/s (file, content)  peak RSS"
                    + "   import msg/s  MB/s (file, content)  peak RSS")
            // Exports first, then imports with JSON last: the JSON import reads its file whole, and
            // the heap it leaves behind would otherwise show up in the next step's peak RSS.
            var exports: [(format: BundleFormat, seconds: Double, rss: Double, megabytes: Double)] = []
            for format in formats {
                let bundle = URL(fileURLWithPath: directory + "/bundle-\(count).\(format.rawValue)")
                resetPeakResident()
                let start = DispatchTime.now().uptimeNanoseconds
                let summary = try BundleWriter(store: source.store).export(
                    BundleSelection(includeDocuments: true), format: format, to: bundle)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                exports.append((format, seconds, peakResidentMegabytes(), Double(summary.bytes) / 1e6))
            }
            let content = exports.first { $0.format == .json }?.megabytes ?? .nan
            for export in exports.sorted(by: { ($0.format == .json ? 1 : 0) < ($1.format == .json ? 1 : 0) }) {
                let bundle = URL(fileURLWithPath: directory + "/bundle-\(count).\(export.format.rawValue)")
                let targetPath = directory + "/target-\(count)-\(export.format.rawValue).sqlite"
                try? FileManager.default.removeItem(atPath: targetPath)
                let target = try CodexDatabase.open(at: targetPath)
                resetPeakResident()
                let start = DispatchTime.now().uptimeNanoseconds
                let report = try BundleImporter(store: target.store).importBundle(at: bundle)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                let rss = peakResidentMegabytes()
                guard report.messagesImported == count else {
                    fatalError("imported \(report.messagesImported) of \(count)")
                }
                print(
                    String(
                        format:
                            "%@ %9.1f   %12.0f  %6.1f, %6.1f        %5.0f MB   %12.0f  %6.1f, %6.1f        %5.0f MB",
                        export.format.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0) as NSString,
                        export.megabytes, Double(count) / export.seconds, export.megabytes / export.seconds,
                        content / export.seconds, export.rss, Double(count) / seconds, export.megabytes / seconds,
                        content / seconds, rss))
                if keep == nil { try? FileManager.default.removeItem(atPath: targetPath) }
                recordFigures(
                    format: export.format, megabytes: export.megabytes, messages: count,
                    exportSeconds: export.seconds, importSeconds: seconds, exportRSS: export.rss)
            }
        }
    }

    /// The figures scripts/bench.sh reports: MB/s of the bundle file and messages/s, for tar.gz and JSON.
    static func recordFigures(
        format: BundleFormat, megabytes: Double, messages: Int, exportSeconds: Double, importSeconds: Double,
        exportRSS: Double
    ) {
        let name: String
        switch format {
        case .tarGz: name = "tar.gz"
        case .json: name = "JSON"
        default: return
        }
        BenchResults.record(
            "bundles", "\(name) export: MB/s", value: megabytes / exportSeconds, unit: "MB/s", better: .higher)
        BenchResults.record(
            "bundles", "\(name) import: MB/s", value: megabytes / importSeconds, unit: "MB/s", better: .higher)
        BenchResults.record(
            "bundles", "\(name) export: messages/s", value: Double(messages) / exportSeconds, unit: "messages/s",
            better: .higher)
        BenchResults.record(
            "bundles", "\(name) import: messages/s", value: Double(messages) / importSeconds, unit: "messages/s",
            better: .higher)
        if format == .tarGz { BenchResults.record("bundles", "export peak RSS MB", value: exportRSS, unit: "MB") }
    }

    /// Sessions of 100 messages with varied text (so compression ratios are realistic), tool
    /// calls every tenth message and citations every fourth, written in one transaction.
    static func fillSessions(_ database: CodexDatabase, messages: Int) throws {
        let words = SyntheticCorpus.vocabulary(size: 5000)
        try database.writeSync { db in
            let paths = try String.fetchAll(db, sql: "SELECT path FROM document ORDER BY id")
            var generator = Xorshift(seed: 42)
            let insert = try db.makeStatement(
                sql: """
                    INSERT INTO message (session_id, seq, role, content, tool_calls, citations, model, provider,
                        prompt_tokens, completion_tokens, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let start = Date(timeIntervalSince1970: 1_760_000_000)
            for index in 0..<messages {
                let seq = index % 100 + 1
                let session = String(format: "%08x-0000-4000-8000-%012x", index / 100, index / 100)
                if seq == 1 {
                    try db.execute(
                        sql: "INSERT INTO session (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)",
                        arguments: [session, "Session \(index / 100)", start, start])
                }
                let length = 20 + Int(generator.next() % 120)
                let content = (0..<length).map { _ in words[Int(generator.next() % UInt64(words.count))] }
                    .joined(separator: " ")
                let assistant = seq % 2 == 0
                let toolCalls =
                    assistant && seq % 10 == 0
                    ? #"[{"arguments":"{\"query\":\"x\"}","id":"c1","name":"search_docs"}]"# : nil
                let citations =
                    assistant && seq % 4 == 0 && !paths.isEmpty
                    ? #"[{"endLine":20,"path":"\#(paths[Int(generator.next() % UInt64(paths.count))])","startLine":1}]"#
                    : nil
                try insert.execute(arguments: [
                    session, seq, assistant ? "assistant" : "user", content, toolCalls, citations,
                    assistant ? "llama3.2" : nil, assistant ? "ollama" : nil, assistant ? 900 : nil,
                    assistant ? 150 : nil,
                    start.addingTimeInterval(Double(index)),
                ])
            }
        }
    }

    /// Lets VmHWM measure one step rather than the whole run (Linux: `echo 5 > /proc/self/clear_refs`).
    static func resetPeakResident() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }
}
