import ArgumentParser
import Foundation

/// Benchmarks that print figures; run through scripts/bench*.sh on a release build.
/// Each area is one subcommand here and one file beside it with what it measures.
@main
struct CodexBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codex-bench",
        abstract: "Benchmarks that print figures (run by scripts/bench.sh on a release build).",
        subcommands: [
            HTTPBench.Command.self, RetrievalBench.Command.self, WarmQueryBench.Command.self,
            PostgresRetrievalBench.Command.self, RetrievalEval.Command.self, BundleBench.Command.self, IngestCorpus.Command.self,
            IngestChunkStage.Command.self, EmbedBench.Command.self, CSVBench.Command.self, GatewayBench.Command.self,
            MCPBench.Command.self,
        ])
}

extension HTTPBench {
    struct Command: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "http", abstract: "The HTTP layer against scripts/bench/sse_server.py.")
        @Option(help: "The server, http://127.0.0.1:PORT.") var url: String
        @Option(help: "Small requests to time.") var requests = 200

        func run() async throws { try await HTTPBench.run(self) }
    }
}

extension RetrievalBench {
    struct Command: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retrieval", abstract: "Warm keyword, vector and fused searches of a synthetic store.")
        @Option(help: "Chunks in the synthetic store.") var chunks = 10_000
        @Option(help: "Queries to time.") var queries = 200
        @Option(help: "The store (built if missing; default: a temporary file).") var store: String?
        @Option(help: "The name figures are recorded under (default: the chunk count).") var label: String?
        @Option(help: "Write vectors.f32, queries.f32 and questions.json for the peers into this folder.")
        var dump: String?

        func run() async throws { try await RetrievalBench.run(self) }
    }
}

extension WarmQueryBench {
    struct Command: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "warm", abstract: "Warm hybrid queries of a real store, each question embedded.")
        @Option(help: "The store.") var store: String
        @Option(help: "The question set (JSON).") var questions: String
        @Option(help: "Times through the questions.") var rounds = 2

        func run() async throws { try await WarmQueryBench.run(self) }
    }
}

extension RetrievalEval {
    struct Command: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "eval", abstract: "Retrieval and answer quality on a corpus and its question set.")
        @Option(help: "The corpus folder.") var corpus = "."
        @Option(help: "The question set (JSON).") var questions: String
        @Option(help: "The store (default: a temporary file, rebuilt).") var store: String?
        @Option(help: "Evaluate this collection of a store that already holds the corpus.") var collection: String?
        @Option(help: "The name figures are recorded under.") var label = "eval"
        @Option(help: "Retrieval modes, comma-separated.") var modes = "keyword,semantic,hybrid"
        @Flag(help: "Keywords only: no embedding phase.") var noVectors = false
        @Flag(help: "Embed chunks whole, shared lines included (the way before 2026-12).")
        var embedSharedLines = false
        @Flag(help: "Also rank with one vector per file (as llm similar).") var wholeFile = false
        @Flag(help: "Print each question's ranks and verdicts.") var perQuestion = false
        @Flag(help: "Print the model-free answers that miss a key term.") var misses = false
        @Option(help: "Reciprocal rank fusion's k.") var k: Double?
        @Option(help: "The vectors' weight in the fusion.") var semanticWeight: Double?
        @Option(help: "Passages each ranking contributes to the fusion.") var depth: Int?
        @Option(help: "How much other passages of the same file lift a passage.") var fileSupport: Double?
        @Option(help: "The weight of heading matches in BM25.") var headingWeight: Double?

        func run() async throws { try await RetrievalEval.run(self) }
    }
}

extension BundleBench {
    struct Command: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bundle", abstract: "Export and import of stores of many messages.")
        @Option(help: "Message counts, comma-separated.") var messages = "10000,100000"
        @Option(help: "Bundle formats, comma-separated.") var formats = "json,tar.gz,tar.zst,zip"
        @Option(help: "Chunks of the synthetic collection.") var chunks = 5000
        @Option(help: "Keep the stores and bundles in this folder.") var keep: String?

        func run() async throws { try await BundleBench.run(self) }
    }
}

extension IngestCorpus {
    struct Command: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ingest-corpus", abstract: "Write a deterministic synthetic corpus.")
        @Argument(help: "Where to write it.") var directory: String
        @Argument(help: "Its size in MB.") var megabytes: Double
        @Argument(help: "How many files.") var files: Int

        func validate() throws {
            guard files > 0 else { throw ValidationError("FILES must be at least 1") }
        }
        func run() throws { try IngestCorpus.run(self) }
    }
}

extension IngestChunkStage {
    struct Command: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ingest-chunk", abstract: "Read and chunk a folder on one thread, without SQLite.")
        @Argument(help: "The folder.") var directory: String

        func run() throws { try IngestChunkStage.run(self) }
    }
}

extension EmbedBench {
    struct Command: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "embed", abstract: "The built-in embedder on a JSON array of texts.")
        @Argument(help: "The texts (a JSON array of strings).") var texts: String
        @Option(help: "Texts per call.") var batch = 32
        @Option(help: "Threads.") var threads = 2
        @Option(help: "Only the first N texts.") var limit: Int?
        @Option(help: "fastest or float32.") var precision = "fastest"

        func run() async throws { try await EmbedBench.run(self) }
    }
}

extension CSVBench {
    struct Command: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "csv", abstract: "Write a synthetic CSV (--generate), or summarise one (--file).")
        @Option(help: "Write a synthetic CSV here.") var generate: String?
        @Option(help: "Its size in MB.") var mb = 1024
        @Option(help: "Summarise this CSV.") var file: String?

        func validate() throws {
            guard (generate == nil) != (file == nil) else { throw ValidationError("give --generate or --file") }
        }
        func run() async throws { try await CSVBench.run(self) }
    }
}

extension GatewayBench {
    struct Command: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gateway", abstract: "What the gateway adds to a streamed chat.")
        @Option(help: "The OpenAI-compatible server, http://127.0.0.1:PORT.") var url: String
        @Option(help: "The model to ask for.") var model = "bench"
        @Option(help: "Requests each way.") var runs = 10
        @Option(help: "max_tokens of each request.") var maxTokens = 32
        @Option(help: "The name of the server in the recorded figures (default: the URL).") var label: String?
        @Option(help: "Send only straight through libcurl, recorded as this tool.") var onlyDirect: String?
        @Option(help: "Record the straight-through figures under this tool too.") var directTool: String?
        @Flag(help: "Record no tokens/s.") var noRate = false

        func run() async throws { try await GatewayBench.run(self) }
    }
}

extension MCPBench {
    struct Command: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mcp", abstract: "codex's MCP client calling a stdio server.")
        @Option(help: "First calls, each on a new server.") var first = 5
        @Option(help: "Warm calls on one running server.") var warm = 50
        @Option(help: "The server's tool to call.") var tool: String
        @Option(help: "The call's arguments (JSON).") var arguments = "{}"
        @Argument(parsing: .postTerminator, help: "The server's command and arguments, after --.")
        var command: [String]

        func validate() throws {
            guard !command.isEmpty else { throw ValidationError("name the server's command after --") }
        }
        func run() async throws { try await MCPBench.run(self) }
    }
}
