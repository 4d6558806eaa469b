import Foundation

/// Figures for `scripts/bench.sh`: each is appended as one JSON line to the file named by
/// `$BENCH_RESULTS`, in the shape `scripts/bench/record.py` writes for the peers, so the report
/// puts codex and its peers side by side. Without `$BENCH_RESULTS` nothing is written; the
/// human-readable lines each benchmark prints are unchanged.
enum BenchResults {
    enum Better: String { case lower, higher }

    static func record(
        _ area: String, _ figure: String, tool: String = "codex", value: Double, unit: String,
        better: Better = .lower
    ) {
        guard let path = ProcessInfo.processInfo.environment["BENCH_RESULTS"], !path.isEmpty, value.isFinite else {
            return
        }
        let fields: [String: Any] = [
            "area": area, "figure": figure, "tool": tool, "value": value, "unit": unit, "better": better.rawValue,
        ]
        guard var line = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) else { return }
        line.append(UInt8(ascii: "\n"))
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: line)
    }
}
