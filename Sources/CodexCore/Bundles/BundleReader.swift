import Foundation

/// Verifies a bundle completely before anything is imported: entry types and paths, duplicates,
/// sizes and compression ratio, every SHA-256, the manifest's format version, JSON and UTF-8
/// validity, and that every record refers to something the bundle holds.
///
/// The format is recognised from the first bytes, not the name. Archive entries are staged under
/// names of our own choosing in a private temporary folder, never under the names in the archive.
/// - Important: blocks while it works; call it off the cooperative pool in servers.
public struct BundleReader: Sendable {
    public var limits: BundleLimits

    public init(limits: BundleLimits = .default) {
        self.limits = limits
    }

    /// Verifies the whole bundle without touching any store, and returns its manifest: what a
    /// server shows for an upload before anyone decides to import it.
    public func verifiedManifest(of url: URL, progress: (BundleProgress) -> Void = { _ in }) throws -> BundleManifest {
        try verify(url, progress: progress).manifest
    }

    /// The bundle at `url`, verified; its staged files live as long as the returned value.
    func verify(_ url: URL, progress: (BundleProgress) -> Void = { _ in }) throws -> VerifiedBundle {
        let format = try Self.detectFormat(of: url)
        let bundle: VerifiedBundle
        if format == .json {
            bundle = try verifyJSON(url)
        } else {
            bundle = try verifyArchive(url, format: format, progress: progress)
        }
        try validateRecords(of: bundle, progress: progress)
        return bundle
    }

    /// The format of the regular file at `url`. Pipes are refused: a bundle is read more than once.
    public static func detectFormat(of url: URL) throws -> BundleFormat {
        let type = try? FileManager.default.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType
        guard type == .typeRegular else {
            throw type == nil
                ? CodexError.bundleReadFailed(url.path, detail: "no such file")
                : CodexError.bundleNotAFile(url.path)
        }
        let head: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            head = try handle.read(upToCount: 64) ?? Data()
        } catch {
            throw CodexError.bundleReadFailed(url.path, detail: "the file cannot be opened")
        }
        guard let format = BundleFormat.detect(head) else { throw CodexError.notABundle(url.path) }
        return format
    }

    /// Reads a manifest: the format name and version first, so a newer bundle gets a version
    /// message rather than a confusing decoding error.
    static func decodeManifest(_ data: Data) throws -> BundleManifest {
        guard String(validating: data, as: UTF8.self) != nil else {
            throw CodexError.invalidBundle("manifest.json is not valid UTF-8")
        }
        struct Probe: Decodable {
            var format: String?
            var formatVersion: Int?
        }
        let decoder = BundleJSON.decoder()
        guard let probe = try? decoder.decode(Probe.self, from: data), probe.format == BundleManifest.formatName else {
            throw CodexError.invalidBundle("manifest.json does not describe a \(BundleManifest.formatName)")
        }
        guard let version = probe.formatVersion, version == BundleManifest.currentVersion else {
            throw CodexError.unsupportedBundleVersion(
                probe.formatVersion ?? 0, supported: BundleManifest.currentVersion)
        }
        do {
            return try decoder.decode(BundleManifest.self, from: data)
        } catch {
            throw CodexError.invalidBundle("manifest.json is not a valid manifest")
        }
    }
}
