import Foundation

/// Wall-clock timings and their percentiles.
struct Stopwatch {
    private(set) var samples: [Double] = []

    mutating func measure<T>(_ body: () async throws -> T) async rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try await body()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        return result
    }

    /// The p-th percentile in milliseconds (nearest rank).
    func percentile(_ p: Double) -> Double {
        guard !samples.isEmpty else { return .nan }
        let sorted = samples.sorted()
        return sorted[min(sorted.count - 1, max(0, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1))]
    }

    var summary: String { String(format: "p50 %.2f ms, p95 %.2f ms", percentile(50), percentile(95)) }
}

/// Peak resident memory of this process so far, from /proc (Linux).
func peakResidentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
    else { return .nan }
    let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") ?? .nan
    return kilobytes / 1024
}
