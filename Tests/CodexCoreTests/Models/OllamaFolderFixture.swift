import Foundation
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// An Ollama models folder laid out as Ollama lays it out: a schema 2 manifest under
/// `manifests/registry.ollama.ai/library/<model>/<tag>` naming a config blob and model, template,
/// params and licence layers, each stored as `blobs/sha256-<hex>` with the right digest.
enum OllamaFolderFixture {
    struct Model {
        var reference: ModelReference
        var manifestPath: String
        var blobs: [String: Data]
    }

    /// Writes a model into `folder`; `weightBytes` of pseudo-random weights after a GGUF header.
    @discardableResult
    static func add(
        _ name: String = "smollm2:135m", weightBytes: Int = 3 << 20, seed: UInt64 = 1, to folder: String
    ) throws -> Model {
        guard let reference = ModelReference(name) else { throw CodexError.internal("bad fixture name \(name)") }
        var random = SeededRandom(seed: seed)
        var weights = Data("GGUF".utf8) + Data([3, 0, 0, 0])
        // A random 4 KiB block repeated: distinct per seed, and quick to make in a debug build.
        let block = Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &random) })
        weights.reserveCapacity(weightBytes + 8)
        while weights.count < weightBytes + 8 { weights.append(block.prefix(weightBytes + 8 - weights.count)) }
        let config = Data(
            #"{"model_format":"gguf","model_family":"llama","model_families":["llama"],"model_type":"135M","file_type":"Q4_1","architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"#
                .utf8)
        let layers: [(String, Data)] = [
            ("application/vnd.ollama.image.model", weights),
            ("application/vnd.ollama.image.template", Data("{{ .System }}\n{{ .Prompt }}".utf8)),
            ("application/vnd.ollama.image.params", Data(#"{"stop":["<|im_end|>"],"temperature":0.2}"#.utf8)),
            ("application/vnd.ollama.image.license", Data("Apache License 2.0 (\(name))".utf8)),
        ]
        var blobs: [String: Data] = [:]
        func descriptor(_ mediaType: String, _ data: Data) -> String {
            let hex = SHA256.hash(data: data).hexString
            blobs[hex] = data
            return #"{"mediaType":"\#(mediaType)","digest":"sha256:\#(hex)","size":\#(data.count)}"#
        }
        let manifest = """
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",\
            "config":\(descriptor("application/vnd.docker.container.image.v1+json", config)),\
            "layers":[\(layers.map { descriptor($0.0, $0.1) }.joined(separator: ","))]}
            """
        let manager = FileManager.default
        try manager.createDirectory(atPath: folder + "/blobs", withIntermediateDirectories: true)
        for (hex, data) in blobs { try data.write(to: URL(fileURLWithPath: folder + "/blobs/sha256-" + hex)) }
        let manifestPath = folder + "/" + reference.manifestPath
        try manager.createDirectory(
            atPath: (manifestPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(manifest.utf8).write(to: URL(fileURLWithPath: manifestPath))
        return Model(reference: reference, manifestPath: manifestPath, blobs: blobs)
    }

    /// Every file under `folder` (relative path → size, SHA-256 and modification time), or nil
    /// when it does not exist: equal before and after means nothing was written.
    static func snapshot(_ folder: String) throws -> [String: String]? {
        let manager = FileManager.default
        guard manager.fileExists(atPath: folder) else { return nil }
        var files: [String: String] = [:]
        let enumerator = manager.enumerator(atPath: folder)
        while let relative = enumerator?.nextObject() as? String {
            let path = folder + "/" + relative
            let attributes = try manager.attributesOfItem(atPath: path)
            let mtime = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            if attributes[.type] as? FileAttributeType == .typeDirectory {
                files[relative + "/"] = "dir"
                continue
            }
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            files[relative] =
                "\(data.count) \(SHA256.hash(data: data).hexString) \(mtime)"
        }
        return files
    }

    /// The model files (manifests and blobs) under `folder`, relative path → content hash.
    static func modelFiles(_ folder: String) throws -> [String: String] {
        try (snapshot(folder) ?? [:]).filter { !$0.key.hasSuffix("/") }.mapValues {
            String($0.split(separator: " ")[1])
        }
    }
}

enum ModelArchiveSurgery {
    /// Rewrites `codex-model.json`'s file list to match `entries`, so damage inside an entry gets
    /// past the archive's own hash check and reaches the deeper ones.
    static func rehash(_ entries: [ArchiveSurgery.Entry]) -> [ArchiveSurgery.Entry] {
        var entries = entries
        guard let index = entries.firstIndex(where: { $0.path == "codex-model.json" }),
            var manifest = try? JSONSerialization.jsonObject(with: Data(entries[index].bytes)) as? [String: Any]
        else { return entries }
        manifest["files"] = entries.filter { $0.path != "codex-model.json" }.map { entry -> [String: Any] in
            let digest = SHA256.hash(data: entry.bytes).hexString
            return ["path": entry.path, "sha256": digest, "size": entry.bytes.count]
        }
        entries[index].bytes = Array(try! JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys]))
        return entries
    }
}
