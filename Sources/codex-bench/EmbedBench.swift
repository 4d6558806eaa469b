import CodexCore
import Foundation

/// `codex-bench embed TEXTS.json [--batch N] [--threads N] [--limit N] [--precision fastest|float32]`
///
/// Embeds a JSON array of strings with the built-in embedder and prints one JSON line:
/// texts/s, mean tokens per text, milliseconds per call, CPU time per text and peak RSS. One
/// configuration per process, so peak RSS is that configuration's own. Run by
/// scripts/bench/embedder.sh beside PyTorch and onnxruntime on the same texts.
enum EmbedBench {
    static func run(_ options: Command) async throws {
        let (batch, threads) = (options.batch, options.threads)
        let data = try Data(contentsOf: URL(fileURLWithPath: options.texts))
        var texts = try JSONDecoder().decode([String].self, from: data)
        texts = Array(texts.prefix(options.limit ?? texts.count))

        guard let precision = EncoderPrecision(rawValue: options.precision) else {
            throw CodexError.invalidInput("--precision is fastest or float32, not \(options.precision)")
        }
        let embedder = try BuiltinEmbedder(batchSize: batch, threads: threads, precision: precision)
        _ = try await embedder.embed(Array(texts.prefix(min(batch, 4))), purpose: .document)  // warm-up

        let tokens = texts.reduce(0) { $0 + embedder.tokenizer.encode($1).count }
        let clock = ContinuousClock()
        let cpuStart = cpuSeconds()
        let start = clock.now
        var calls = 0
        var index = 0
        while index < texts.count {
            let slice = Array(texts[index..<min(index + batch, texts.count)])
            let vectors = try await embedder.embed(slice, purpose: .document)
            precondition(vectors.count == slice.count && vectors.allSatisfy { $0.count == 384 })
            index += slice.count
            calls += 1
        }
        let seconds = (clock.now - start) / .seconds(1)
        let cpu = cpuSeconds() - cpuStart
        let result: [String: Any] = [
            "runtime": "codex", "kernels": kernelSet(), "precision": precision.rawValue, "batch": batch, "threads": threads, "texts": texts.count,
            "mean_tokens": Double(tokens) / Double(max(1, texts.count)),
            "texts_per_s": Double(texts.count) / seconds, "ms_per_call": seconds * 1000 / Double(calls),
            "peak_rss_mb": peakResidentMegabytes(), "cpu_ms_per_text": cpu * 1000 / Double(max(1, texts.count)),
        ]
        let line = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: line, as: UTF8.self))
    }

    /// The OpenBLAS kernel set, a field of its own so the figures keep one name whatever the
    /// environment: `OPENBLAS_CORETYPE` forces a set on some machines of this kind (Haswell); by
    /// default OpenBLAS picks one for the CPU (Cooperlake on this project's Zen 4 machines).
    private static func kernelSet() -> String {
        let environment = ProcessInfo.processInfo.environment
        guard let core = environment["OPENBLAS_CORETYPE"], !core.isEmpty else { return "auto" }
        return core
    }

    /// User + system CPU time of the whole process so far: the fair figure when cores are shared.
    private static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// VmHWM from /proc/self/status: the most resident memory this process has had.
    private static func peakResidentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return -1 }
        return kilobytes / 1024
    }
}
