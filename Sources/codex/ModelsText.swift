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
                lines.append("  \(mark)\(model.id)" + (extra.isEmpty ? "" : "  " + extra.joined(separator: " "))
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
}
