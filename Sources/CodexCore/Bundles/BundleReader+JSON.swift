import Foundation

extension BundleReader {
    private struct Document: Decodable {
        var sessions: [SessionPart]
        var collections: [CollectionPart]

        struct SessionPart: Decodable {
            var session: BundleSession
            var messages: [BundleMessage]
        }

        struct CollectionPart: Decodable {
            var key: String
            var collection: BundleCollection
            var documents: [BundleDocument]
            var chunks: [BundleChunk]
        }
    }

    private struct ManifestPart: Decodable {
        var manifest: JSONValue?
    }

    /// A JSON bundle is read whole (it is capped by `maxJSONBytes`); archives are the format for
    /// very large exports.
    func verifyJSON(_ url: URL) throws -> VerifiedBundle {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.int64Value ?? 0
        let limit = min(limits.maxTotalBytes, limits.maxJSONBytes)
        guard size <= limit else {
            throw CodexError.bundleTooLarge(
                "it is a JSON bundle larger than the \(limit)-byte limit (JSON bundles are read whole)")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CodexError.bundleReadFailed(url.path, detail: "the file cannot be read")
        }
        guard String(validating: data, as: UTF8.self) != nil else {
            throw CodexError.invalidBundle("the JSON bundle is not valid UTF-8")
        }
        let decoder = BundleJSON.decoder()
        guard let part = try? JSONDecoder().decode(ManifestPart.self, from: data) else {
            throw CodexError.corruptBundle(url.path, detail: "not valid JSON")
        }
        guard let manifestValue = part.manifest, let manifestData = try? JSONEncoder().encode(manifestValue) else {
            throw CodexError.invalidBundle("it has no manifest")
        }
        let manifest = try Self.decodeManifest(manifestData)
        let document: Document
        do { document = try decoder.decode(Document.self, from: data) } catch {
            throw CodexError.invalidBundle("its sessions or collections are not valid records")
        }
        guard document.sessions.map(\.session.id) == manifest.sessions.map(\.id) else {
            throw CodexError.invalidBundle("its sessions do not match its manifest")
        }
        guard document.collections.map(\.key) == manifest.collections.map(\.key) else {
            throw CodexError.invalidBundle("its collections do not match its manifest")
        }
        guard Set(manifest.sessions.map(\.id)).count == manifest.sessions.count,
            manifest.sessions.allSatisfy({ BundlePath.isSessionId($0.id) })
        else { throw CodexError.invalidBundle("a session id is repeated or malformed") }
        let sessions = zip(document.sessions, manifest.sessions).map { part, listed in
            VerifiedBundle.StagedSession(
                session: part.session, messages: .inline(part.messages), messageCount: listed.messages)
        }
        let collections = zip(document.collections, manifest.collections).map { part, entry in
            VerifiedBundle.StagedCollection(
                entry: entry, collection: part.collection, documents: .inline(part.documents),
                chunks: .inline(part.chunks))
        }
        return VerifiedBundle(
            format: .json, manifest: manifest, sessions: sessions, collections: collections, limits: limits,
            staging: nil)
    }
}
