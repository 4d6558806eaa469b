import Foundation

/// Ollama's models folder: `manifests/<host>/<namespace>/<model>/<tag>` (JSON) and
/// `blobs/sha256-<hex>` (content-addressed files). `$OLLAMA_MODELS`, else `~/.ollama/models`.
public struct OllamaModelsFolder: Sendable, Equatable {
    public var path: String

    public init(path: String) {
        self.path = path
    }

    /// Where Ollama keeps its models for this user.
    public static func located(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> OllamaModelsFolder
    {
        if let explicit = environment["OLLAMA_MODELS"], !explicit.isEmpty { return OllamaModelsFolder(path: explicit) }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return OllamaModelsFolder(path: home + "/.ollama/models")
    }

    public func manifestPath(_ reference: ModelReference) -> String { path + "/" + reference.manifestPath }

    /// Where a blob goes: `blobs/sha256-<hex>`.
    func blobPath(hex: String) -> String { path + "/blobs/sha256-" + hex }

    /// The blob file as it exists here: `sha256-<hex>`, or `sha256:<hex>` as Ollama named blobs
    /// before 0.1.30 (colons are not allowed in Windows file names); nil when neither exists.
    func existingBlobPath(hex: String) -> String? {
        [blobPath(hex: hex), path + "/blobs/sha256:" + hex].first { FileManager.default.fileExists(atPath: $0) }
    }

    /// Every model with a manifest here, sorted by name.
    public func models() -> [LocalModel] {
        let manager = FileManager.default
        var found: [LocalModel] = []
        func children(_ folder: String) -> [String] {
            ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        }
        let root = path + "/manifests"
        for host in children(root) {
            for namespace in children(root + "/" + host) {
                for model in children(root + "/" + host + "/" + namespace) {
                    for tag in children(root + "/" + host + "/" + namespace + "/" + model) {
                        guard let reference = ModelReference(host: host, namespace: namespace, model: model, tag: tag)
                        else { continue }
                        if let local = describe(reference) { found.append(local) }
                    }
                }
            }
        }
        return found.sorted { $0.name < $1.name }
    }

    /// What the manifest of `reference` says, with the sizes of its blobs and which are missing.
    func describe(_ reference: ModelReference) -> LocalModel? {
        let manifestPath = manifestPath(reference)
        guard let data = FileManager.default.contents(atPath: manifestPath),
            let attributes = try? FileManager.default.attributesOfItem(atPath: manifestPath),
            let manifest = try? OllamaManifest.parse(data)
        else { return nil }
        var bytes: Int64 = 0
        var missing = 0
        for blob in manifest.blobs {
            bytes += blob.size
            if blob.sha256.flatMap(existingBlobPath(hex:)) == nil { missing += 1 }
        }
        var model = LocalModel(
            source: .ollama, name: reference.description, path: manifestPath, bytes: bytes,
            modifiedAt: attributes[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 0), missingBlobs: missing)
        // The config blob says what the weights are (family, size, quantisation); small JSON.
        if let hex = manifest.config.sha256, manifest.config.size < 1 << 20,
            let path = existingBlobPath(hex: hex), let data = FileManager.default.contents(atPath: path),
            let config = try? JSONDecoder().decode(Config.self, from: data)
        {
            model.format = config.modelFormat
            model.family = config.modelFamily
            model.parameterSize = config.modelType
            model.quantization = config.fileType
        }
        return model
    }

    private struct Config: Decodable {
        var modelFormat: String?
        var modelFamily: String?
        var modelType: String?
        var fileType: String?

        enum CodingKeys: String, CodingKey {
            case modelFormat = "model_format", modelFamily = "model_family", modelType = "model_type"
            case fileType = "file_type"
        }
    }
}
