import ArgumentParser
import CodexCore
import CodexServer
import Foundation

extension Codex {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the HTTP API, an OpenAI-compatible endpoint and the web UI on this machine.",
            discussion: """
                Listens on 127.0.0.1 by default and answers only to loopback host names (127.0.0.1, [::1], localhost). \
                Any other address needs a token, from $CODEX_SERVER_TOKEN or --token-file; every route but /health \
                then requires "Authorization: Bearer TOKEN". A store with users (codex serve users add NAME) is a \
                shared server instead: each person sends their own token and sees only their own sessions. Stop \
                with Ctrl-C.
                """,
            subcommands: [Users.self])

        @OptionGroup var global: GlobalOptions
        @Option(help: "Address to listen on.") var host = "127.0.0.1"
        @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
        @Option(help: "A file whose first line is the bearer token (default: $CODEX_SERVER_TOKEN).")
        var tokenFile: String?
        @Option(
            help: "Bearer token on the command line, visible to other users in the process list; prefer --token-file.")
        var token: String?
        @Option(help: "A host name the server also answers to, e.g. a name for this machine (repeatable).")
        var allowedHost: [String] = []
        @Option(help: "A folder POST /ingest may read by path (repeatable).") var ingestRoot: [String] = []
        @Option(help: "A folder to keep indexed while serving, as codex ingest --watch does (repeatable).")
        var watch: [String] = []
        @Option(help: "Largest upload, in MiB.") var maxUploadMb = 64
        @Option(help: "Requests one client may have in flight at once.") var maxConcurrent = 64
        @Option(help: "A web origin allowed to call the API from a browser, with CORS (off by default).")
        var corsOrigin: String?

        func run() async throws {
            let resolved = try ServerToken.resolve(
                flag: token, file: tokenFile, environment: ProcessInfo.processInfo.environment)
            // Tools and plugins the server starts need not inherit the token.
            unsetenv(ServerToken.environmentVariable)
            var configuration = ServerConfiguration(
                host: host, port: port, token: resolved.token,
                limits: .init(maxUploadBytes: maxUploadMb << 20, maxConcurrentPerClient: maxConcurrent),
                ingestRoots: ingestRoot, corsOrigin: corsOrigin, allowedHosts: allowedHost)
            let context = try CodexContext(global)
            // Users are read once, here: a store that gets its first user is shared from the next start.
            configuration.hasUsers = try await !TeamUsers(store: context.store).list().isEmpty
            try configuration.validate()
            var warnings = resolved.warnings
            if configuration.hasUsers, resolved.token != nil {
                warnings.append("the store has users, who sign in with their own tokens; the server token is not used")
            }
            if !global.quiet {
                for warning in warnings { Terminal.writeToStandardError("warning: \(warning)\n") }
            }
            // A wrong embedder setting fails here, not at the first upload.
            let embedder = try EmbedderSpec(parsing: context.settings[.embedder] ?? "builtin")
            let mcp = context.mcpServers()
            let services = try CodexServices(context: context, embedder: embedder, mcp: mcp)
            let (quiet, shownHost) = (global.quiet, host.contains(":") ? "[\(host)]" : host)
            let folders = watch
            let watching =
                folders.isEmpty ? nil : Task { await Self.follow(folders, context, embedder: embedder) }
            try await runServer(configuration, services: services) { port in
                guard !quiet else { return }
                Terminal.writeToStandardError("codex serve: listening on http://\(shownHost):\(port)/ (Ctrl-C stops)\n")
            }
            watching?.cancel()
            _ = await watching?.result
            await mcp.shutdown()
            try context.store.close()
        }
    }
}
