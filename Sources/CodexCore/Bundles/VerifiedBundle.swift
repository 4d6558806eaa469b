import Foundation

/// A bundle that passed every check, its entries staged on local disk (or held in memory for JSON
/// bundles). Import reads records from here inside its one transaction.
final class VerifiedBundle {
    let format: BundleFormat
    let manifest: BundleManifest
    let sessions: [StagedSession]
    let collections: [StagedCollection]
    let limits: BundleLimits
    /// Removed when the bundle is released.
    private let staging: URL?

    struct StagedSession {
        var session: BundleSession
        var messages: Records<BundleMessage>
        var messageCount: Int
    }

    struct StagedCollection {
        var entry: BundleManifest.CollectionEntry
        var collection: BundleCollection
        var documents: Records<BundleDocument>
        var chunks: Records<BundleChunk>
    }

    /// Records of one kind: a staged `.jsonl` file, or an array from a JSON bundle.
    enum Records<Record: Decodable> {
        case file(URL, name: String)
        case inline([Record])

        func forEach(limits: BundleLimits, _ body: (Record) throws -> Void) throws {
            switch self {
            case .inline(let records):
                for record in records { try body(record) }
            case .file(let url, let name):
                let decoder = BundleJSON.decoder()
                try JSONLines.forEach(in: url, name: name, maxLineBytes: limits.maxLineBytes) { line, number in
                    let record: Record
                    do {
                        record = try decoder.decode(Record.self, from: line)
                    } catch {
                        throw CodexError.invalidBundle("line \(number) of \(name) is not a valid record")
                    }
                    try body(record)
                }
            }
        }
    }

    init(
        format: BundleFormat, manifest: BundleManifest, sessions: [StagedSession], collections: [StagedCollection],
        limits: BundleLimits, staging: URL?
    ) {
        self.format = format
        self.manifest = manifest
        self.sessions = sessions
        self.collections = collections
        self.limits = limits
        self.staging = staging
    }

    deinit {
        if let staging { try? FileManager.default.removeItem(at: staging) }
    }
}
