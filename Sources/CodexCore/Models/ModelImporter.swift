import Foundation

/// Imports a model archive written by `ModelExporter`, verifying everything before anything is
/// installed: entry types and names (no links, devices, absolute paths or `..`; only the names a
/// model archive may hold), sizes, every SHA-256, the format version, and that the Ollama
/// manifest names exactly the blobs that came with it.
///
/// Entries are staged in a private folder inside the destination (so installing is a rename, not
/// a second copy of gigabytes), under names of our choosing. Then the blobs are moved into place
/// with the current time — Ollama prunes unreferenced blobs older than an hour when it starts —
/// and the model manifest last, by an atomic rename: an import cut short leaves no half model.
/// A refused archive leaves the destination exactly as it was.
/// - Important: blocks while it works; call it off the cooperative pool in servers.
public struct ModelImporter: Sendable {
    public struct Limits: Sendable, Equatable {
        /// Entries in an archive; an Ollama model has a manifest, a config and a few layers.
        public var maxEntries = 1024
        /// `codex-model.json` and the Ollama manifest, which are read whole.
        public var maxManifestBytes = 4 << 20

        public init() {}
    }

    /// What happened.
    public struct Report: Sendable, Codable, Equatable {
        public var archive: String
        public var kind: ModelArchiveManifest.Kind
        public var name: String
        /// The models folder it went into.
        public var folder: String
        /// The file a server opens: the Ollama manifest, or the GGUF file.
        public var path: String
        public var files: Int
        public var bytes: Int64
        /// The same model was already there, byte for byte: nothing was written.
        public var skipped: Bool
        /// Another model of the same name was there and was replaced.
        public var replaced: Bool
        public var seconds: Double
    }

    let environment: [String: String]
    public var limits: Limits

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, limits: Limits = Limits()) {
        self.environment = environment
        self.limits = limits
    }

    /// Verifies `url` and installs the model into `folder` (default: Ollama's models folder for
    /// an Ollama model, `LocalModels.ggufFolder` for a GGUF file).
    public func importArchive(
        at url: URL, to folder: String? = nil, progress: (BundleProgress) -> Void = { _ in }
    ) throws -> Report {
        let started = ContinuousClock.now
        let archiveSize = try Self.checkIsModelArchive(url.path)
        var staging: StagingArea?
        do {
            let verified = try verify(url.path, archiveSize: archiveSize, progress: progress) { kind in
                let root =
                    folder
                    ?? (kind == .ollama
                        ? OllamaModelsFolder.located(environment: environment).path
                        : LocalModels.ggufFolder(environment: environment))
                let area = try StagingArea(root: root, needing: archiveSize)
                staging = area
                return area
            }
            guard let area = staging else { throw CodexError.internal("the archive was verified without staging") }
            var report = try install(verified, from: area, progress: progress)
            area.finish(keepingRoot: true)
            report.archive = url.path
            let elapsed = ContinuousClock.now - started
            report.seconds = elapsed.inSeconds
            return report
        } catch {
            staging?.finish(keepingRoot: false)
            throw error
        }
    }

    /// The archive's size, after checking it is a regular file holding an uncompressed tar
    /// (`ustar` at byte 257): anything else is refused before libarchive parses a byte.
    static func checkIsModelArchive(_ path: String) throws -> Int64 {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let attributes else { throw CodexError.bundleReadFailed(path, detail: "no such file") }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw CodexError.invalidInput(
                "\(path) is not a regular file; import verifies a model archive before installing it",
                hint: "save the archive to a file first")
        }
        let head = FileHandle(forReadingAtPath: path).flatMap { try? $0.read(upToCount: 512) } ?? Data()
        guard head.count == 512, head[257..<262] == Data("ustar".utf8) else { throw CodexError.notAModelArchive(path) }
        return (attributes[.size] as? NSNumber)?.int64Value ?? 0
    }
}
