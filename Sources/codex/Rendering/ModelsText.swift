import CodexCore
import Foundation

/// `codex models` as text: each provider, whether it answers, and its models with the default marked.
enum ModelsText {
    static func render(_ providers: [ProviderModels], current: String? = nil) -> String {
        guard !providers.isEmpty else { return "No provider is configured." }
        var lines: [String] = []
        for entry in providers {
            let latency = String(format: "%.1f ms", entry.latencyMs)
            let head = "\(entry.provider) at \(entry.url) (\(entry.kind.rawValue))"
            guard entry.state == .up else {
                lines.append("\(head): \(entry.state.rawValue) — \(entry.detail)")
                continue
            }
            lines.append("\(head): up, \(entry.detail), \(latency)")
            if entry.models.isEmpty { lines.append("  (no models listed)") }
            for model in entry.models {
                var marks: [String] = []
                if entry.isDefault && model.id == entry.defaultModel { marks.append("default") }
                if model.id == current { marks.append("current") }
                let extra = [model.parameterSize, model.quantization, model.role].compactMap { $0 }
                let mark = marks.isEmpty ? "  " : "* "
                lines.append(
                    "  \(mark)\(model.id)" + (extra.isEmpty ? "" : "  " + extra.joined(separator: " "))
                        + (marks.isEmpty ? "" : "  (\(marks.joined(separator: ", ")))"))
            }
            if entry.isDefault, let model = entry.defaultModel, !entry.models.contains(where: { $0.id == model }) {
                lines.append("  * \(model)  (default, configured)")
            }
        }
        if !providers.contains(where: \.isDefault) {
            lines.append("No provider can answer right now; `codex ask` will quote passages instead.")
        }
        return lines.joined(separator: "\n")
    }

    /// The models on disk, whether or not a server runs, and how to serve a GGUF file.
    static func render(onDisk models: [LocalModel], environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String
    {
        let ollama = OllamaModelsFolder.located(environment: environment).path
        let gguf = LocalModels.ggufFolder(environment: environment)
        guard !models.isEmpty else {
            return
                "On disk: no models in \(ollama) (Ollama) or \(gguf) (GGUF); bring one with `codex models import FILE.tar`."
        }
        var lines = ["On disk (no server needed to list them):"]
        var rows: [[String]] = []
        for model in models {
            let details = [model.family, model.parameterSize, model.quantization].compactMap { $0 }.joined(
                separator: " ")
            var note = details
            if model.missingBlobs > 0 { note += (note.isEmpty ? "" : ", ") + "\(model.missingBlobs) blobs missing" }
            rows.append(["  " + model.name, model.source.rawValue, ByteCount.format(model.bytes), note])
        }
        lines.append(Table.render(rows))
        if models.contains(where: { $0.source == .ollama }) {
            lines.append("Ollama models (\(ollama)) run with `ollama serve`.")
        }
        if let file = models.first(where: { $0.source == .gguf }) {
            lines.append("GGUF files (\(gguf)) run with llama.cpp: " + servingCommand(file.path))
        }
        return lines.joined(separator: "\n")
    }

    /// How to serve a GGUF file where codex looks for an OpenAI-compatible server by default.
    static func servingCommand(_ path: String) -> String {
        "`llama-server -m \(path) --host 127.0.0.1 --port 8080` (codex finds it there)"
    }
}
