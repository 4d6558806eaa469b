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
        // O_APPEND: the quick suite runs two areas at once, and a seek to the end followed by a
        // write could land on a line the other one had just appended.
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard descriptor >= 0 else { return }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try? handle.write(contentsOf: line)
    }
}
