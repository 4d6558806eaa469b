import ArgumentParser
import CodexCore
import Foundation

extension Codex.Models {
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a model archive written by codex models export, then install the model.",
            discussion: """
                Everything is checked before anything is installed: entry types and names, sizes, every SHA-256, \
                the format version, and that the Ollama manifest names exactly the blobs that came with it. Blobs \
                are installed first, the model's manifest last, so an interrupted import leaves no half model; \
                the same model already there is skipped. Ollama models go to $OLLAMA_MODELS (else \
                ~/.ollama/models), GGUF files to $CODEX_HOME/models/gguf.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The archive (.tar) written by codex models export.") var file: String
        @Option(help: "The models folder to install into (an Ollama models folder for Ollama models).") var to: String?

        func run() async throws {
            let bar = ProgressLine(enabled: global.showsProgress)
            let report = try ModelImporter().importArchive(at: URL(fileURLWithPath: file), to: to) { bar.update($0) }
            bar.clear()
            if global.json { return try Output.json(report) }
            Output.text(Self.render(report))
        }

        static func render(_ report: ModelImporter.Report) -> String {
            if report.skipped {
                return "\(report.name) is already in \(report.folder), byte for byte; nothing was written."
            }
            let what = report.kind == .ollama ? "Ollama manifest and \(report.files - 1) blobs" : "GGUF"
            var lines = [
                "Imported \(report.name) (\(what), \(ByteCount.format(report.bytes))) into \(report.folder) in "
                    + String(
                        format: "%.1f s (%.0f MB/s)", report.seconds,
                        Double(report.bytes) / 1e6 / max(report.seconds, 1e-3))
                    + (report.replaced ? ", replacing the model of the same name" : "") + "."
            ]
            switch report.kind {
            case .ollama:
                lines.append(
                    "Ollama serves it from that folder: `ollama serve`, then `codex ask` or `codex chat -m \(report.name)`."
                )
            case .gguf:
                lines.append(
                    "Serve it with llama.cpp: " + ModelsText.servingCommand(report.path) + ", then `codex ask`.")
            }
            return lines.joined(separator: "\n")
        }
    }
}
