import Foundation

// Benchmarks that print figures; run through scripts/bench*.sh on a release build.
// Each area adds one file and one entry here: `codex-bench AREA [ARGS...]`.
let benchmarks: [String: @Sendable ([String]) async throws -> Void] = [
    "http": HTTPBench.run,
    "retrieval": RetrievalBench.run,
    "warm": WarmQueryBench.run,
    "eval": RetrievalEval.run,
    "bundle": BundleBench.run,
    "ingest-corpus": { try IngestCorpus.run($0) },
    "ingest-chunk": { try IngestChunkStage.run($0) },
    "embed": EmbedBench.run,
    "csv": CSVBench.run,
    "gateway": GatewayBench.run,
    "mcp": MCPBench.run,
]

let arguments = Array(CommandLine.arguments.dropFirst())
guard let area = arguments.first, let run = benchmarks[area] else {
    FileHandle.standardError.write(
        Data("usage: codex-bench \(benchmarks.keys.sorted().joined(separator: "|")) [ARGS...]\n".utf8))
    exit(2)
}
try await run(Array(arguments.dropFirst()))
