import Foundation

/// A model on this disk, found without any server running: an Ollama manifest with its blobs, or
/// a GGUF file in codex's models folder (what `codex models import` places there).
public struct LocalModel: Sendable, Codable, Equatable {
    public enum Source: String, Sendable, Codable {
        case ollama
        case gguf
    }

    public var source: Source
    /// `smollm2:latest` for Ollama; the file name for GGUF.
    public var name: String
    /// The manifest file (Ollama) or the GGUF file.
    public var path: String
    /// Sum of the blobs the manifest lists, or the file's size.
    public var bytes: Int64
    public var modifiedAt: Date
    public var format: String?
    public var family: String?
    public var parameterSize: String?
    public var quantization: String?
    /// Blobs the manifest lists that are not in the folder: such a model cannot run.
    public var missingBlobs: Int = 0
}

/// The models folders codex knows and what they hold.
public enum LocalModels {
    /// Where `codex models import` puts GGUF files: `$CODEX_HOME/models/gguf`.
    public static func ggufFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        CodexHome.path(environment: environment) + "/models/gguf"
    }

    /// Ollama's models, then the GGUF files of `ggufFolder`.
    public static func list(environment: [String: String] = ProcessInfo.processInfo.environment) -> [LocalModel] {
        OllamaModelsFolder.located(environment: environment).models()
            + ggufFiles(in: ggufFolder(environment: environment))
    }

    static func ggufFiles(in folder: String) -> [LocalModel] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.lowercased().hasSuffix(".gguf") && !$0.hasPrefix(".") }.sorted().compactMap { name in
            let path = folder + "/" + name
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                attributes[.type] as? FileAttributeType == .typeRegular
            else { return nil }
            return LocalModel(
                source: .gguf, name: name, path: path, bytes: (attributes[.size] as? NSNumber)?.int64Value ?? 0,
                modifiedAt: attributes[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 0), format: "gguf")
        }
    }
}
