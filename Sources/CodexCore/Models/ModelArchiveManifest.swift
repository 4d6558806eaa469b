import Foundation

/// `codex-model.json`, the last entry of a model archive: what the archive holds and the SHA-256
/// and size of every other entry. Written last so the hashes are those of the bytes actually
/// written; the importer therefore stages every entry before it trusts any.
public struct ModelArchiveManifest: Sendable, Codable, Equatable {
    public static let formatName = "codex-model"
    public static let currentVersion = 1
    public static let path = "codex-model.json"

    public enum Kind: String, Sendable, Codable {
        /// An Ollama manifest and its blobs.
        case ollama
        /// One GGUF file, for llama.cpp.
        case gguf
    }

    public var format: String
    public var formatVersion: Int
    public var appVersion: String
    public var createdAt: Date
    public var kind: Kind
    /// `smollm2:latest` (Ollama) or the GGUF file's name.
    public var name: String
    public var files: [BundleManifest.FileEntry]

    init(kind: Kind, name: String, createdAt: Date, files: [BundleManifest.FileEntry]) {
        format = Self.formatName
        formatVersion = Self.currentVersion
        appVersion = CodexVersion.current
        self.createdAt = createdAt
        self.kind = kind
        self.name = name
        self.files = files
    }

    /// The format name and version first, so a newer archive gets a version message rather than
    /// a confusing decoding error.
    static func decode(_ data: Data) throws -> ModelArchiveManifest {
        struct Probe: Decodable {
            var format: String?
            var formatVersion: Int?
        }
        let decoder = BundleJSON.decoder()
        guard String(validating: data, as: UTF8.self) != nil,
            let probe = try? decoder.decode(Probe.self, from: data), probe.format == formatName
        else { throw CodexError.invalidModelArchive("\(path) does not describe a codex model archive") }
        guard probe.formatVersion == currentVersion else {
            throw CodexError.unsupportedModelArchiveVersion(probe.formatVersion ?? 0, supported: currentVersion)
        }
        do { return try decoder.decode(ModelArchiveManifest.self, from: data) } catch {
            throw CodexError.invalidModelArchive("\(path) is not a valid manifest")
        }
    }
}

/// The only entry names a model archive may hold; anything else is refused.
enum ModelArchivePath: Hashable {
    case manifest
    /// `manifests/<host>/<namespace>/<model>/<tag>`
    case ollamaManifest(ModelReference)
    /// `blobs/sha256-<hex>`
    case blob(hex: String)
    /// `gguf/<name>.gguf`
    case gguf(name: String)

    init?(_ path: String) {
        if path == ModelArchiveManifest.path {
            self = .manifest
        } else if let reference = ModelReference(manifestPath: path) {
            self = .ollamaManifest(reference)
        } else if path.hasPrefix("blobs/sha256-"), let hex = OllamaManifest.hex(of: "sha256:" + path.dropFirst(13)) {
            self = .blob(hex: hex)
        } else if path.hasPrefix("gguf/"), Self.isGGUFName(String(path.dropFirst(5))) {
            self = .gguf(name: String(path.dropFirst(5)))
        } else {
            return nil
        }
    }

    var kind: ModelArchiveManifest.Kind? {
        switch self {
        case .manifest: nil
        case .ollamaManifest, .blob: .ollama
        case .gguf: .gguf
        }
    }

    /// A plain file name ending in `.gguf`, in the same narrow alphabet as model names.
    static func isGGUFName(_ name: String) -> Bool {
        name.lowercased().hasSuffix(".gguf") && name.count > 5 && ModelReference.isValidPart(name)
    }
}
