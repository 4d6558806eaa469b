import ArgumentParser
import CodexCore
import Foundation

extension Codex.Models {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Write an Ollama model (manifest and blobs) or a GGUF file to a tar archive to carry to another machine.",
            discussion: """
                The archive is an uncompressed pax tar (model weights do not compress; blobs may exceed 8 GiB) \
                whose last entry, codex-model.json, lists the SHA-256 and size of every other file. Every blob \
                is checked against its digest while it is written. Import it with `codex models import FILE`.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "An Ollama model (NAME[:TAG], e.g. smollm2:135m) or a path to a .gguf file.") var model: String
        @Option(name: .shortAndLong, help: "The archive to write (e.g. smollm2.tar).") var output: String
        @Option(help: "Ollama's models folder (default: $OLLAMA_MODELS, else ~/.ollama/models).") var from: String?

        func run() async throws {
            let bar = ProgressLine(enabled: global.showsProgress)
            let summary = try ModelExporter().export(try source(), to: URL(fileURLWithPath: output)) { bar.update($0) }
            bar.clear()
            if global.json { return try Output.json(summary) }
            Output.text(
                "Exported \(summary.name) (\(summary.kind == .ollama ? "Ollama manifest and \(summary.files - 1) blobs" : "GGUF"), "
                    + "\(ByteCount.format(summary.modelBytes))) to \(summary.path) in "
                    + String(
                        format: "%.1f s (%.0f MB/s)", summary.seconds,
                        Double(summary.modelBytes) / 1e6 / max(summary.seconds, 1e-3))
                    + ".\nOn the other machine: codex models import \((summary.path as NSString).lastPathComponent)")
        }

        /// A path to an existing file or anything ending in .gguf is a GGUF file; anything else an Ollama name.
        private func source() throws -> ModelExporter.Source {
            var isDirectory: ObjCBool = false
            if model.lowercased().hasSuffix(".gguf")
                || (FileManager.default.fileExists(atPath: model, isDirectory: &isDirectory) && !isDirectory.boolValue)
            {
                return .gguf(path: model)
            }
            guard let reference = ModelReference(model) else {
                throw CodexError.invalidInput(
                    "\(model) is neither a .gguf file nor an Ollama model name",
                    hint: "pass a name such as smollm2:135m (see `codex models`) or the path of a .gguf file")
            }
            let folder = from.map(OllamaModelsFolder.init(path:)) ?? OllamaModelsFolder.located()
            return .ollama(reference, folder)
        }
    }
}
