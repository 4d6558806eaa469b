import CodexTestSupport
import Foundation
import Testing

/// What scripts read: every data command's `--json` output against its recorded text in
/// Snapshots/json/, from the real binary on a fresh store of docs/sample. Only what changes from
/// run to run is masked (temporary paths, ids, times, durations, file sizes), so a renamed key,
/// a changed value or a new field shows up in review. RECORD_SNAPSHOTS=1 rewrites them.
///
/// The store is keyword-only (`--embedder none`) and answers are extractive (`--no-generate`), so
/// the figures do not depend on the CPU's vector kernels or on a model server being around.
/// `doctor` and `models list` describe the machine, so they have no snapshot.
struct JSONSnapshotTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots/json")
    static let question = "How do I rotate the signing key?"

    @Test func everyDataCommandPrintsItsRecordedJSON() async throws {
        let dir = try TemporaryDirectory()
        let run = Runner(dir: dir.path, docs: Self.root.appendingPathComponent("docs/sample").path)
        let store = dir.path + "/codex.sqlite"

        try await run.check("ingest", ["ingest", run.docs, "--store", store, "--embedder", "none", "--json"])
        try await run.check("docs-list", ["docs", "list", "--store", store, "--json"])
        try await run.check("docs-stats", ["docs", "stats", "--store", store, "--json"], masking: ["store_bytes"])
        try await run.check("search", ["search", "rotate the signing key", "--store", store, "--json"])
        let asked = try await run.check(
            "ask", ["ask", Self.question, "--store", store, "--session", "new", "--no-generate", "--json"])
        let session = try #require(
            (try JSONSerialization.jsonObject(with: Data(asked.utf8)) as? [String: Any])?["session_id"] as? String)
        try await run.check("sessions-list", ["sessions", "list", "--store", store, "--json"])
        try await run.check("sessions-show", ["sessions", "show", session, "--store", store, "--json"])
        try await run.check("sessions-rename", ["sessions", "rename", session, "Key rotation", "--store", store, "--json"])
        let bundle = dir.path + "/bundle.tar.gz"
        // The archive's size depends on compression and times; its contents are checked by the import.
        try await run.check(
            "export", ["export", "--all", "--include-docs", "--store", store, "-o", bundle, "--json"], masking: ["bytes"])
        let other = dir.path + "/other.sqlite"
        try await run.check("import", ["import", bundle, "--store", other, "--json"])
        try await run.check("tools-list", ["tools", "list", "--json"])
        try await run.check("sessions-rm", ["sessions", "rm", session, "--store", store, "--json"])
        try await run.check("docs-rm", ["docs", "rm", "default", "--store", other, "--json"])
    }

    /// Runs `codex` in a temporary home and compares (or records) each output.
    struct Runner {
        let dir: String
        let docs: String

        @discardableResult
        func check(_ name: String, _ arguments: [String], masking keys: [String] = []) async throws -> String {
            let output = try await codex(arguments)
            let masked = Self.mask(output, dir: dir, docs: docs, keys: keys)
            let file = JSONSnapshotTests.snapshots.appendingPathComponent(name + ".json")
            if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
                try FileManager.default.createDirectory(
                    at: JSONSnapshotTests.snapshots, withIntermediateDirectories: true)
                try masked.write(to: file, atomically: true, encoding: .utf8)
                Issue.record("recorded \(file.lastPathComponent); run again without RECORD_SNAPSHOTS")
            } else {
                let recorded = try? String(contentsOf: file, encoding: .utf8)
                #expect(recorded != nil, "no snapshot for `codex \(arguments.joined(separator: " "))`")
                #expect(masked == recorded, "`codex \(arguments.prefix(2).joined(separator: " "))` changed its --json")
            }
            return output
        }

        private func codex(_ arguments: [String]) async throws -> String {
            let run = try await CodexBinary.run(
                arguments, environment: ["CODEX_HOME": dir + "/home", "PATH": "/usr/bin:/bin", "NO_COLOR": "1"],
                directory: dir)
            try #require(run.status == 0, "codex \(arguments.joined(separator: " ")) failed: \(run.stderr)")
            return run.stdout
        }

        /// Masks what differs between runs and machines, and nothing else.
        static func mask(_ text: String, dir: String, docs: String, keys: [String]) -> String {
            var text = text.replacingOccurrences(of: docs, with: "$DOCS")
                .replacingOccurrences(of: dir, with: "$TMP")
            let patterns: [(String, String)] =
                [
                    // Ids in lower case, and in upper case where an id escapes unformatted.
                    (#"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"#, "<id>"),
                    (#"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}"#, "<ID>"),
                    (#"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"#, "<time>"),
                    (#""seconds" : [0-9.e-]+"#, #""seconds" : <seconds>"#),
                    // Scores to three places: the last bits of a float may differ between builds.
                    (#"(\d\.\d{3})\d+"#, "$1"),
                ] + keys.map { (#""\#($0)" : \d+"#, #""\#($0)" : <\#($0)>"#) }
            for (pattern, replacement) in patterns {
                text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
            }
            return text
        }
    }
}
