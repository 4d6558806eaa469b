import CodexCore
import Foundation

/// `codex-bench csv --generate FILE --mb N`: writes a synthetic CSV of about N MB (quoted fields
/// with commas, decimals, booleans, 2% missing values) in 1 MiB writes.
/// `codex-bench csv --file FILE`: summarises it with `csv_summary`'s engine and prints rows/s,
/// MB/s and the peak RSS of this process (the summary only; generation runs as its own process).
enum CSVBench {
    static func run(_ options: Command) async throws {
        if let path = options.generate {
            let rows = try generate(path, megabytes: options.mb)
            print("generated \(path): \(rows) rows, \(String(format: "%.0f", Double(fileSize(path)) / 1e6)) MB")
            return
        }
        let path = options.file ?? ""
        let started = ContinuousClock.now
        let summary = try CSVSummary.compute(path: path)
        let elapsed = ContinuousClock.now - started
        let seconds = elapsed.inSeconds
        let megabytes = Double(fileSize(path)) / 1e6
        print(summary.text(name: (path as NSString).lastPathComponent))
        print(
            String(
                format: "csv_summary: %.0f MB, %d rows in %.1f s: %.0f rows/s, %.0f MB/s, peak RSS %.0f MB",
                megabytes, summary.rows, seconds, Double(summary.rows) / seconds, megabytes / seconds,
                peakResidentMegabytes()))
    }

    static func fileSize(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int64) ?? 0
    }

    static func generate(_ path: String, megabytes: Int) throws -> Int {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw CodexError.io("cannot write \(path)") }
        defer { try? handle.close() }
        let cities = [
            "Paris", "Lyon", "Nice", "\"Saint-Denis, Réunion\"", "Berlin", "Hamburg", "Oslo", "Madrid", "Porto",
            "\"Washington, D.C.\"", "Tokyo", "Osaka", "Lima", "Quito", "Accra", "Dakar",
        ]
        var state: UInt64 = 42
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var buffer = "id,city,amount,paid,quantity,note\n"
        var written = 0
        var rows = 0
        let target = megabytes * 1_000_000
        while written < target {
            rows += 1
            let r = next()
            let city = r % 50 == 0 ? "" : cities[Int(r % UInt64(cities.count))]
            let amount = r % 47 == 0 ? "NA" : "\(next() % 100_000 / 100).\(next() % 100)"
            let paid = r % 3 == 0 ? "true" : "false"
            let note = r % 5 == 0 ? "\"said \"\"ok\"\", then left\"" : "order \(r % 1000)"
            buffer += "\(rows),\(city),\(amount),\(paid),\(next() % 20),\(note)\n"
            if buffer.utf8.count >= 1 << 20 {
                try handle.write(contentsOf: Data(buffer.utf8))
                written += buffer.utf8.count
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: Data(buffer.utf8))
        return rows
    }
}
