import ArgumentParser
import CodexCore
import Foundation

extension Codex {
    struct Doctor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the configuration, providers, store and whether anything can leave this machine.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = try CodexContext(global)
            var gateway: Gateway?
            var problem: String?
            do { gateway = try context.gateway() } catch let error as CodexError {
                problem = error.message + (error.hint.map { " (\($0))" } ?? "")
            }
            let mcp = context.mcpServers()
            let report = try await DoctorReport.gather(
                settings: context.settings, gateway: gateway, configurationError: problem, store: context.store,
                mcp: mcp)
            await mcp.shutdown()
            if global.json { return try Output.json(report) }
            Output.text(DoctorText.render(report))
        }
    }
}

/// `codex doctor` as text.
enum DoctorText {
    static func render(_ report: DoctorReport) -> String {
        var lines = ["Settings:"]
        var rows: [[String]] = []
        for row in report.settings where row.value != nil {
            rows.append(["  " + row.variable, row.value ?? "", row.origin ?? ""])
        }
        lines.append(rows.isEmpty ? "  (all defaults)" : Table.render(rows))
        if let problem = report.configurationError { lines.append("  problem: \(problem)") }
        lines.append("\nProviders:")
        if report.providers.isEmpty { lines.append("  none configured") }
        for provider in report.providers {
            let latency = String(format: "%.1f ms", provider.latencyMs)
            lines.append(
                "  \(provider.provider) at \(provider.url) (\(provider.kind.rawValue)): \(provider.state.rawValue), "
                    + "\(provider.detail), \(latency)")
        }
        let store = report.store
        lines.append("\nStore:")
        lines.append("  \(store.path) (\(ByteCount.format(store.bytes)))")
        let names = store.collections.isEmpty ? "" : " (\(store.collections.joined(separator: ", ")))"
        lines.append(
            "  \(store.collections.count) collections\(names), \(store.documents) documents, \(store.chunks) chunks, "
                + "\(store.sessions) sessions")
        lines.append("\nBuilt-in embedder:")
        if let weights = report.embedder.weights {
            lines.append("  weights found in \(weights)")
        } else {
            lines.append(
                "  weights missing (looked in \(report.embedder.searched.joined(separator: ", "))); run scripts/setup.sh"
            )
        }
        if let local = report.localModels {
            lines.append("\nModels on disk:")
            lines.append("  Ollama folder \(local.ollamaFolder), GGUF folder \(local.ggufFolder)")
            if local.models.isEmpty { lines.append("  none (bring one with `codex models import FILE.tar`)") }
            for model in local.models {
                lines.append(
                    "  \(model.name) (\(model.source.rawValue), \(ByteCount.format(model.bytes)))"
                        + (model.missingBlobs > 0 ? ": \(model.missingBlobs) blobs missing" : ""))
            }
            if let gguf = local.models.first(where: { $0.source == .gguf }) {
                lines.append("  serve a GGUF file with llama.cpp: " + ModelsText.servingCommand(gguf.path))
            }
        }
        lines.append("\nMCP servers (\(report.mcp.path)):")
        if report.mcp.servers.isEmpty && report.mcp.problems.isEmpty { lines.append("  none configured") }
        for server in report.mcp.servers {
            lines.append("  " + mcpLine(server))
            lines.append("    \(server.command)")
            lines.append("    network: \(server.network)")
        }
        for problem in report.mcp.problems { lines.append("  problem: \(problem)") }
        lines.append("\nEgress:")
        lines.append("  " + (report.egress?.sentence ?? "unknown: the configuration has an invalid setting"))
        if let sentence = report.mcp.egress { lines.append("  " + sentence) }
        return lines.joined(separator: "\n")
    }

    private static func mcpLine(_ server: MCPServerStatus) -> String {
        switch server.state {
        case .disabled:
            return "\(server.name): disabled"
        case .failed:
            return "\(server.name): failed: \(server.detail ?? "unknown")"
        case .ready:
            let who = [server.serverName, server.serverVersion].compactMap { $0 }.joined(separator: " ")
            let tools = server.tools.count == 1 ? "1 tool" : "\(server.tools.count) tools"
            let started = server.startupMs.map { String(format: ", started in %.0f ms", $0) } ?? ""
            return "\(server.name): ready, \(tools)\(started), protocol \(server.protocolVersion ?? "?")"
                + (who.isEmpty ? "" : " (\(who))")
        }
    }
}
